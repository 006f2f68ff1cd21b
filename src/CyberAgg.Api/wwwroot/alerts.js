// The alert list: server pages over the cursor API, sortable columns, empty states, live updates.
'use strict';
import { $, api, el, indicator, LEVELS, problem, state } from './util.js';
import { spanNodes, stampNodes, timeEl } from './time.js';

const COLUMNS = [
  { key: 'raised_at', label: 'Raised', value: (a) => a.raised_at },
  { key: 'first_seen', label: 'Event time', value: (a) => a.first_seen },
  { key: 'level', label: 'Level', value: (a) => LEVELS.indexOf(a.level) },
  { key: 'rule_title', label: 'Rule', value: (a) => a.rule_title.toLowerCase() },
  { key: 'group_key', label: 'Indicator', value: (a) => a.group_key },
  { key: 'countries', label: 'Countries', value: (a) => a.countries.join(' ') },
  { key: 'status', label: 'Status', value: (a) => a.status },
  { key: 'tlp', label: 'TLP', value: (a) => a.tlp },
];

let hooks = { select: () => {}, cleared: () => {} };
export function onTable(h) { hooks = { ...hooks, ...h }; }

function queryString(extra = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state.filters, ...extra })) if (v) params.set(k, v);
  return params.toString();
}

/** Loads the current page (cursor of state.page) from the server. */
export async function loadAlerts() {
  const cursor = state.page.cursors[state.page.index];
  const response = await api('/api/alerts?' + queryString({ limit: state.page.size, cursor }));
  if (!response.ok) { renderEmpty(`The alerts could not be loaded: ${await problem(response)}`); return; }
  const page = await response.json();
  state.alerts = new Map(page.items.map(a => [a.alert_id, a]));
  state.page.next = page.next_cursor;
  if (state.page.index === 0) state.missedNewer = 0;
  renderAlerts();
}

export function resetPaging() { state.page = { ...state.page, cursors: [null], index: 0, next: null }; }

export async function goPage(delta) {
  const p = state.page;
  if (delta > 0 && p.next) { p.cursors = p.cursors.slice(0, p.index + 1).concat(p.next); p.index++; }
  else if (delta < 0 && p.index > 0) p.index--;
  else if (delta === 0) p.index = 0;
  else return;
  await loadAlerts();
  $('alerts-title').focus();
}

export function matches(a) {
  const f = state.filters, q = (f.q || '').toLowerCase();
  return (!f.level || f.level.split(',').includes(a.level)) && (!f.country || a.countries.includes(f.country))
    && (!f.partner || a.partners.includes(f.partner)) && (!f.status || f.status.split(',').includes(a.status)) && (!f.kind || a.kind === f.kind)
    && (!q || (a.rule_title + ' ' + a.rule_id + ' ' + a.group_key).toLowerCase().includes(q))
    && (!state.pair || state.pair.every(c => a.countries.includes(c)));
}

/** A live alert or a status change: updates a row in place, or adds a new alert to the first page. */
export function upsertLive(alert) {
  if (state.alerts.has(alert.alert_id) || state.page.index === 0) { state.alerts.set(alert.alert_id, alert); return true; }
  state.missedNewer++;
  return false;
}

function sorted(rows) {
  const col = COLUMNS.find(c => c.key === state.sort.key) || COLUMNS[0];
  return rows.sort((a, b) => {
    const x = col.value(a), y = col.value(b);
    return (x < y ? -1 : x > y ? 1 : 0) * state.sort.dir || b.raised_at.localeCompare(a.raised_at) || b.alert_id.localeCompare(a.alert_id);
  });
}

function header() {
  return el('tr', {}, COLUMNS.map(c => {
    const active = state.sort.key === c.key;
    const sort = active ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none';
    return el('th', { scope: 'col', 'aria-sort': sort },
      el('button', { type: 'button', class: 'sort', 'data-sort': c.key,
        onclick: () => { state.sort = { key: c.key, dir: active ? -state.sort.dir : (c.key.endsWith('_at') || c.key === 'first_seen' || c.key === 'level' ? -1 : 1) }; renderAlerts(); document.querySelector(`button[data-sort="${c.key}"]`)?.focus(); } },
        c.label, el('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : '')));
  }));
}

function filtered() { return Object.keys(state.filters).length > 0 || state.pair !== null; }

function renderEmpty(message, withClear) {
  $('alert-rows').replaceChildren(el('tr', { class: 'empty' }, el('td', { colspan: String(COLUMNS.length) },
    el('p', { id: 'empty-state' }, message),
    withClear ? el('button', { type: 'button', id: 'clear-filters', onclick: () => document.getElementById('filters-reset').click() }, 'Clear filters') : '')));
}

export function renderAlerts(fresh) {
  const rows = sorted([...state.alerts.values()].filter(matches));
  $('alert-head').replaceChildren(header());
  const p = state.page;
  $('count').textContent = `(${rows.length} on page ${p.index + 1})`;
  $('page-newer').disabled = p.index === 0;
  $('page-older').disabled = !p.next;
  $('page-info').textContent = `Page ${p.index + 1}, ${p.size} per page, newest raised first; column sorting applies to this page.`;
  $('missed').hidden = state.missedNewer === 0;
  $('missed-text').textContent = `${state.missedNewer} new alert${state.missedNewer === 1 ? '' : 's'} arrived on the first page.`;
  $('pair-chip').hidden = !state.pair;
  if (state.pair) $('pair-text').textContent = `Only alerts seen in both ${state.pair[0]} and ${state.pair[1]}`;
  if (!rows.length) {
    if (filtered()) renderEmpty('No alerts match these filters on this page. Clear or widen the filters, or look at older pages.', true);
    else if (p.index > 0) renderEmpty('No more alerts on this page. Go back to a newer page.');
    else renderEmpty('No alerts shared with you yet. New alerts appear here live as the correlator raises them; the alliance health panel shows whether partners are sending.');
  } else {
    $('alert-rows').replaceChildren(...rows.map(a => row(a, fresh)));
  }
  if (state.selected && !rows.some(a => a.alert_id === state.selected)) {
    const gone = state.selected;
    state.selected = null;
    hooks.cleared(gone);
  }
}

function row(a, fresh) {
  const open = () => hooks.select(a.alert_id);
  return el('tr', { tabindex: '0', 'data-alert-id': a.alert_id, 'aria-selected': String(a.alert_id === state.selected), class: a.alert_id === fresh ? 'fresh' : '',
    onclick: open, onkeydown: (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); }
      // Arrow keys walk the list, as in a mail client.
      const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.key === 'ArrowUp' ? e.currentTarget.previousElementSibling : null;
      if (next) { e.preventDefault(); next.focus(); }
    } },
  el('td', {}, timeEl(a.raised_at, stampNodes(a.raised_at))),
  el('td', {}, timeEl(a.first_seen, spanNodes(a.first_seen, a.last_seen))),
  el('td', {}, el('span', { class: 'badge level-' + (LEVELS.includes(a.level) ? a.level : 'informational') }, a.level)),
  el('td', {}, a.rule_title),
  el('td', { class: 'mono', title: a.group_key }, indicator(a.group_key, { copyable: false })),
  el('td', {}, a.countries.join(' ')),
  el('td', {}, a.status),
  el('td', {}, el('span', { class: 'tlp tlp-' + a.tlp.replace('+', '-'), title: 'TLP:' + a.tlp }, a.tlp)));
}
