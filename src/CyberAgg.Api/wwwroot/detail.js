// The detail pane: the two clocks, indicator fields, owner-only controls, notes, status history and evidence.
'use strict';
import { $, api, el, guard, indicator, postJson, problem, state } from './util.js';
import { stamp, span, timeEl } from './time.js';

// The indicator fields come first, so what made the alert is visible without scrolling.
const FIELDS = [
  ['timestamp', 'Event time'], ['partner', 'Partner'], ['source_ip', 'Source'], ['destination_ip', 'Destination'], ['domain', 'Domain'],
  ['file_sha256', 'SHA-256'], ['technique', 'Technique'], ['category', 'Category'], ['action', 'Action'], ['outcome', 'Outcome'],
  ['user_name', 'User'], ['host_name', 'Host'], ['observer_name', 'Sensor'], ['country', 'Country'], ['tlp', 'TLP'], ['message', 'Message'],
];
const TOKEN_FIELDS = new Set(['source_ip', 'destination_ip', 'domain', 'file_sha256', 'user_name', 'host_name', 'observer_name']);
let hooks = { changed: () => {}, pivot: () => {} };
export function onDetail(h) { hooks = { ...hooks, ...h }; }

/** Empties the pane; with a reason when the open alert left the list. */
export function clearDetail(reason) {
  $('detail-body').hidden = true; $('detail-body').replaceChildren();
  $('detail-empty').hidden = false;
  $('detail-empty').textContent = reason || 'Select an alert (Enter or click) to see its evidence.';
}

export async function showDetail(id, { focus = false } = {}) {
  state.selected = id;
  document.querySelectorAll('#alert-rows tr[data-alert-id]').forEach(r => r.setAttribute('aria-selected', String(r.dataset.alertId === id)));
  const response = await api('/api/alerts/' + encodeURIComponent(id));
  const body = $('detail-body');
  if (state.selected !== id) return;
  if (!response.ok) { body.replaceChildren(el('p', { class: 'error' }, await problem(response))); body.hidden = false; $('detail-empty').hidden = true; return; }
  const { alert: a, evidence, evidence_withheld: withheld } = await response.json();
  const operator = state.me?.role === 'admin';
  const [activityResponse, auditResponse] = await Promise.all([api(`/api/alerts/${encodeURIComponent(id)}/activity`), operator ? api('/api/audit?' + new URLSearchParams({ alert_id: id })) : null]);
  const activity = await activityResponse.json();
  const audit = auditResponse?.ok ? await auditResponse.json() : null;
  if (state.selected !== id) return;
  // A live update re-renders the pane under the analyst: keep the control they are on and the text they are typing.
  const focused = body.contains(document.activeElement) && document.activeElement.id ? document.activeElement.id : null;
  const drafts = ['note-text', 'assignee'].map(k => [k, $(k)?.value]).filter(([, v]) => v);
  body.replaceChildren(
    el('h3', { id: 'detail-rule', tabindex: '-1' }, a.rule_title),
    el('dl', {},
      el('dt', {}, 'Level'), el('dd', {}, el('span', { class: 'badge level-' + a.level }, a.level)),
      el('dt', {}, 'Status'), el('dd', { id: 'detail-status' }, a.status + (a.assignee ? ` (assigned to ${a.assignee})` : '')),
      el('dt', {}, 'Kind'), el('dd', {}, a.kind),
      el('dt', {}, 'TLP'), el('dd', {}, el('span', { class: 'tlp tlp-' + a.tlp.replace('+', '-') }, 'TLP:' + a.tlp)),
      el('dt', {}, 'Countries'), el('dd', {}, a.countries.join(', ')),
      el('dt', {}, 'Partners'), el('dd', {}, a.partners.join(', ')),
      el('dt', {}, 'Shared under'), el('dd', {}, a.agreements.length ? a.agreements.join(', ') : 'own data (or operator view)')),
    el('h4', {}, 'Two clocks'),
    el('dl', { class: 'clocks' },
      el('dt', {}, 'Event time'), el('dd', { id: 'detail-event-time' }, timeEl(a.first_seen, span(a.first_seen, a.last_seen)), el('span', { class: 'sub' }, ' when the events happened (first – last seen)')),
      el('dt', {}, 'Raised'), el('dd', { id: 'detail-raised' }, timeEl(a.raised_at), el('span', { class: 'sub' }, ' when CyberAgg raised the alert')),
      el('dt', {}, 'Updated'), el('dd', {}, timeEl(a.updated_at))),
    el('h4', {}, 'Indicator'),
    indicatorTable(a),
    controls(a, activity.can_change_status),
    notes(a, activity.notes),
    history(activity.history),
    audit ? auditTrail(audit) : '',
    el('h4', {}, `Evidence timeline (${evidence.length} visible${withheld ? `, ${withheld} withheld by TLP or agreement` : ''})`),
    evidence.length ? el('ol', { class: 'timeline' }, evidence.map(e => el('li', {}, timeEl(e.timestamp), ` · ${e.country} · ${e.partner} · ${[e.category, e.action].filter(Boolean).join(' ') || 'event'} `,
      ...['source_ip', 'destination_ip', 'domain', 'file_sha256'].filter(k => e[k]).map(k => el('span', { class: 'mono ev-field' }, indicator(e[k], { copyable: false })))))) : el('p', {}, 'No evidence events are visible to you for this alert.'),
    rawEvents(evidence));
  $('detail-empty').hidden = true; body.hidden = false;
  for (const [k, v] of drafts) { if ($(k)) $(k).value = v; }
  const again = focused && $(focused);
  if (focus) $('detail-rule').focus();
  else if (again && !again.disabled) again.focus();
  else if (focused) $('detail-rule').focus();
}

function indicatorTable(a) {
  const fields = Object.entries(a.group_fields || {});
  if (!fields.length) return el('p', {}, 'This alert has no grouping indicator.');
  return el('table', { class: 'fields' }, el('tbody', {}, fields.map(([k, v]) => el('tr', {},
    el('th', { scope: 'row' }, k), el('td', { class: 'mono' }, indicator(v, { label: k })),
    el('td', {}, el('button', { type: 'button', class: 'small', 'aria-label': `Pivot: every alert and sighting of ${v}`, onclick: () => hooks.pivot(v) }, 'Pivot'))))));
}

function controls(a, allowed) {
  const status = el('p', { role: 'status', id: 'action-status' });
  if (!allowed) {
    return el('div', {}, el('p', { class: 'readonly', id: 'read-only' },
      `Read-only for you: only the partners whose evidence raised this alert (${a.partners.join(', ')}) or an operator may acknowledge, assign or close it.`),
    el('div', { class: 'actions' }, el('button', { type: 'button', onclick: guard(() => downloadStix(a.alert_id), status) }, 'Export STIX 2.1')), status);
  }
  const id = a.alert_id;
  const action = guard(async (name, payload) => {
    const r = await postJson(`/api/alerts/${encodeURIComponent(id)}/${name}`, payload);
    if (!r.ok) { status.textContent = await problem(r); return; }
    const updated = await r.json();
    if (name === 'assign') assignee.value = '';
    hooks.changed(updated);
    await showDetail(id);
    $('action-status').textContent = `${name === 'ack' ? 'Acknowledged' : name === 'assign' ? 'Assigned' : 'Closed'}.`;
  }, status);
  const assignee = el('input', { id: 'assignee', 'aria-label': 'Assignee', maxlength: '128', placeholder: 'analyst' });
  return el('div', {}, el('div', { class: 'actions' },
    el('button', { type: 'button', id: 'do-ack', disabled: a.status !== 'new', onclick: () => action('ack') }, 'Acknowledge'),
    assignee, el('button', { type: 'button', id: 'do-assign', disabled: a.status === 'closed', onclick: () => action('assign', { assignee: assignee.value }) }, 'Assign'),
    el('button', { type: 'button', id: 'do-close', disabled: a.status === 'closed', onclick: () => action('close') }, 'Close'),
    el('button', { type: 'button', onclick: guard(() => downloadStix(id), status) }, 'Export STIX 2.1')), status);
}

function notes(a, list) {
  const status = el('p', { role: 'status' });
  const text = el('textarea', { id: 'note-text', rows: '2', maxlength: '2000', 'aria-label': 'New note' });
  const add = guard(async () => {
    if (!text.value.trim()) { status.textContent = 'Write the note first.'; return; }
    const r = await postJson(`/api/alerts/${encodeURIComponent(a.alert_id)}/notes`, { text: text.value });
    if (!r.ok) { status.textContent = await problem(r); return; }
    text.value = '';
    await showDetail(a.alert_id);
    $('note-status').textContent = 'Note added.';
  }, status);
  status.id = 'note-status';
  return el('section', { class: 'notes', 'aria-labelledby': 'notes-title' },
    el('h4', { id: 'notes-title' }, `Notes (${list.length})`),
    list.length ? el('ul', { id: 'note-list' }, list.map(n => el('li', {}, timeEl(n.at), ` ${n.actor}: `, el('span', { class: 'note' }, n.detail)))) : el('p', {}, 'No notes yet. Notes are audited and visible to everyone this alert is shared with.'),
    el('label', { for: 'note-text', class: 'sub' }, 'Add a note (seen by every partner this alert is shared with)'), text,
    el('div', { class: 'actions' }, el('button', { type: 'button', id: 'add-note', onclick: add }, 'Add note')), status);
}

function history(list) {
  const words = { ack: 'acknowledged', assign: 'assigned', close: 'closed' };
  return el('section', { class: 'history', 'aria-labelledby': 'history-title' }, el('h4', { id: 'history-title' }, 'Status history'),
    list.length ? el('ol', { id: 'history-list' }, list.map(h => el('li', {}, timeEl(h.at), ` ${words[h.action] || h.action} by ${h.actor}${h.detail ? ' (' + h.detail.replace('assignee=', '') + ')' : ''}`)))
      : el('p', {}, 'No status changes yet: the alert is new.'));
}

/** Operators only: who received this alert, over which channel and under which agreement, and every status change and note. */
function auditTrail(audit) {
  return el('details', { class: 'audit', id: 'audit-trail' }, el('summary', {}, `Audit trail (operators): ${audit.rows.length} entries`),
    el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Audit trail' }, el('table', {},
      el('thead', {}, el('tr', {}, ['When', 'Action', 'Actor', 'Recipient', 'Channel', 'Agreements', 'Detail'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, audit.rows.map(r => el('tr', {}, el('td', { class: 'nowrap' }, timeEl(r.audited_at)), el('td', {}, r.action), el('td', {}, r.actor),
        el('td', {}, r.recipient), el('td', {}, r.channel), el('td', {}, r.agreement_ids.join(', ')), el('td', {}, r.detail)))))));
}

function rawEvents(evidence) {
  if (!evidence.length) return '';
  // Only columns that hold something for at least one event: no always-empty User and Host columns.
  const columns = FIELDS.filter(([k]) => evidence.some(e => e[k] !== undefined && e[k] !== null && e[k] !== ''));
  if (evidence.some(e => e.message === null || e.message === undefined)) { if (!columns.some(([k]) => k === 'message')) columns.push(['message', 'Message']); }
  return el('div', {}, el('h4', { id: 'raw-title' }, 'Raw events'),
    el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'raw-title' }, el('table', { class: 'raw' },
      el('thead', {}, el('tr', {}, columns.map(([, h]) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, evidence.map(e => el('tr', {}, columns.map(([k]) => cell(k, e[k]))))))));
}

function cell(key, value) {
  if (key === 'timestamp') return el('td', { class: 'nowrap' }, timeEl(value));
  if (key === 'message') return el('td', { class: 'message' }, value ?? '(not shared)');
  return el('td', { class: TOKEN_FIELDS.has(key) ? 'mono nowrap' : '' }, value ? String(value) : '');
}

async function downloadStix(id) {
  const response = await api(`/api/alerts/${encodeURIComponent(id)}/stix`);
  if (!response.ok) throw new Error(await problem(response));
  const link = el('a', { href: URL.createObjectURL(await response.blob()), download: id + '.stix.json' });
  document.body.append(link); link.click(); link.remove();
}
