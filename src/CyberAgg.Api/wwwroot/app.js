// CyberAgg SOC dashboard: plain JS and SVG, served by the API itself (no CDN, no build step).
// The token stays in sessionStorage and travels only in the Authorization header, never in a URL.
'use strict';

const state = { token: sessionStorage.getItem('cyberagg.token') || '', alerts: new Map(), selected: null, lastEventId: null, filters: {}, streamAbort: null };
const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];
const PALETTE = ['#7cc4ff', '#ffa64d', '#7ee787', '#ff7eb6', '#d2a8ff', '#ffd84d', '#56d4dd', '#ff6b6b'];
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...(options.headers || {}), Authorization: 'Bearer ' + state.token } });
  if (response.status === 401) { signOut('The token was not accepted.'); throw new Error('unauthorized'); }
  return response;
}

async function problem(response) {
  try { const p = await response.json(); return p.detail || p.title || response.statusText; } catch { return response.statusText; }
}

function signOut(message) {
  state.token = ''; sessionStorage.removeItem('cyberagg.token');
  if (state.streamAbort) state.streamAbort.abort();
  $('app').hidden = true; $('login').hidden = false; $('login-error').textContent = message || '';
}

async function signIn() {
  const me = await api('/api/me');
  if (!me.ok) throw new Error(await problem(me));
  const who = await me.json();
  $('who').textContent = `${who.display_name} (${who.id}${who.country ? ', ' + who.country : ''}, ${who.role})`;
  $('login').hidden = true; $('app').hidden = false;
  const partners = await (await api('/api/partners')).json();
  const select = document.querySelector('#filters select[name=partner]');
  select.replaceChildren(el('option', { value: '' }, 'any'), ...partners.map(p => el('option', { value: p.id }, `${p.display_name} (${p.country})`)));
  await loadAlerts();
  startStream();
  refreshCharts();
  setInterval(refreshCharts, 30000);
}

function queryString(extra = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state.filters, ...extra })) if (v) params.set(k, v);
  return params.toString();
}

async function loadAlerts() {
  const response = await api('/api/alerts?' + queryString({ limit: 200 }));
  if (!response.ok) { $('announce').textContent = await problem(response); return; }
  const page = await response.json();
  state.alerts = new Map(page.items.map(a => [a.alert_id, a]));
  renderAlerts();
}

function matches(a) {
  const f = state.filters;
  return (!f.level || f.level.split(',').includes(a.level)) && (!f.country || a.countries.includes(f.country))
    && (!f.partner || a.partners.includes(f.partner)) && (!f.status || a.status === f.status)
    && (!f.q || (a.rule_title + ' ' + a.rule_id + ' ' + a.group_key).toLowerCase().includes(f.q.toLowerCase()));
}

function renderAlerts(fresh) {
  const rows = [...state.alerts.values()].filter(matches).sort((a, b) => b.raised_at.localeCompare(a.raised_at) || b.alert_id.localeCompare(a.alert_id));
  $('count').textContent = `(${rows.length})`;
  $('alert-rows').replaceChildren(...rows.map(a => {
    const row = el('tr', { tabindex: '0', 'data-alert-id': a.alert_id, 'aria-selected': String(a.alert_id === state.selected), class: a.alert_id === fresh ? 'fresh' : '',
      onclick: () => showDetail(a.alert_id), onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); showDetail(a.alert_id); } } },
      el('td', {}, new Date(a.raised_at).toLocaleTimeString()),
      el('td', {}, el('span', { class: 'badge level-' + (LEVELS.includes(a.level) ? a.level : 'informational') }, a.level)),
      el('td', {}, a.rule_title),
      el('td', { class: 'mono' }, a.group_key),
      el('td', {}, a.countries.join(' ')),
      el('td', {}, el('span', { class: 'tlp tlp-' + a.tlp }, 'TLP:' + a.tlp)),
      el('td', {}, a.status));
    return row;
  }));
}

async function startStream() {
  const controller = new AbortController();
  state.streamAbort = controller;
  const headers = { Authorization: 'Bearer ' + state.token };
  if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
  try {
    const response = await fetch('/api/alerts/stream', { headers, signal: controller.signal });
    if (!response.ok) throw new Error(await problem(response));
    setLive(true);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        handleEvent(buffer.slice(0, end)); buffer = buffer.slice(end + 2);
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
  }
  setLive(false);
  if (state.token) setTimeout(startStream, 2000);
}

function handleEvent(block) {
  let id = null, type = 'message', data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = line.slice(4); else if (line.startsWith('event: ')) type = line.slice(7); else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (id) state.lastEventId = id;
  if (type === 'reset') { loadAlerts(); return; }
  if (type !== 'alert') return;
  const alert = JSON.parse(data);
  state.alerts.set(alert.alert_id, alert);
  renderAlerts(alert.alert_id);
  if (matches(alert)) $('announce').textContent = `New ${alert.level} alert: ${alert.rule_title}, ${alert.countries.join(' and ')}`;
  if (state.selected === alert.alert_id) showDetail(alert.alert_id);
  // New alerts change the matrix; one refresh per burst is enough.
  clearTimeout(state.chartTimer);
  state.chartTimer = setTimeout(refreshCharts, 1000);
}

function setLive(on) { const live = $('live'); live.textContent = on ? 'Live: on' : 'Live: reconnecting'; live.className = 'live ' + (on ? 'on' : 'off'); }

async function showDetail(id) {
  state.selected = id; renderAlerts();
  const response = await api('/api/alerts/' + encodeURIComponent(id));
  const body = $('detail-body');
  if (!response.ok) { body.replaceChildren(el('p', { class: 'error' }, await problem(response))); body.hidden = false; return; }
  const { alert: a, evidence, evidence_withheld: withheld } = await response.json();
  const status = el('p', { role: 'status' });
  const action = async (name, payload) => {
    const r = await api(`/api/alerts/${encodeURIComponent(id)}/${name}`, payload ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) } : { method: 'POST' });
    if (!r.ok) { status.textContent = await problem(r); return; }
    const updated = await r.json(); state.alerts.set(id, updated); renderAlerts(); showDetail(id);
  };
  const assignee = el('input', { 'aria-label': 'Assignee', maxlength: '128', placeholder: 'analyst' });
  body.replaceChildren(
    el('h3', {}, a.rule_title),
    el('dl', {},
      el('dt', {}, 'Level'), el('dd', {}, el('span', { class: 'badge level-' + a.level }, a.level)),
      el('dt', {}, 'Kind'), el('dd', {}, a.kind),
      el('dt', {}, 'Indicator'), el('dd', { class: 'mono' }, a.group_key || '—'),
      el('dt', {}, 'Countries'), el('dd', {}, a.countries.join(', ')),
      el('dt', {}, 'Partners'), el('dd', {}, a.partners.join(', ')),
      el('dt', {}, 'TLP'), el('dd', {}, el('span', { class: 'tlp tlp-' + a.tlp }, 'TLP:' + a.tlp)),
      el('dt', {}, 'Window'), el('dd', {}, `${new Date(a.first_seen).toLocaleString()} – ${new Date(a.last_seen).toLocaleString()}`),
      el('dt', {}, 'Status'), el('dd', {}, a.status + (a.assignee ? ` (${a.assignee})` : '')),
      el('dt', {}, 'Shared under'), el('dd', {}, a.agreements.length ? a.agreements.join(', ') : 'own data')),
    el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: () => action('ack') }, 'Acknowledge'),
      assignee, el('button', { type: 'button', onclick: () => action('assign', { assignee: assignee.value }) }, 'Assign'),
      el('button', { type: 'button', onclick: () => action('close') }, 'Close'),
      el('button', { type: 'button', onclick: () => downloadStix(id) }, 'Export STIX 2.1')),
    status,
    el('h3', {}, `Evidence timeline (${evidence.length} visible${withheld ? `, ${withheld} withheld by TLP or agreement` : ''})`),
    el('ol', { class: 'timeline' }, evidence.map(e => el('li', {}, `${new Date(e.timestamp).toLocaleTimeString()} · ${e.country} · ${e.partner} · ${e.category || 'event'} ${e.action || ''} · ${e.source_ip || ''} → ${e.destination_ip || ''}`))),
    el('h3', {}, 'Raw events'),
    el('div', { class: 'scroll' }, el('table', {}, el('thead', {}, el('tr', {}, ['Time', 'Partner', 'User', 'Host', 'Source', 'Destination', 'TLP', 'Message'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, evidence.map(e => el('tr', {}, el('td', {}, new Date(e.timestamp).toLocaleTimeString()), el('td', {}, e.partner), el('td', { class: 'mono' }, e.user_name),
        el('td', { class: 'mono' }, e.host_name), el('td', { class: 'mono' }, e.source_ip), el('td', { class: 'mono' }, e.destination_ip), el('td', {}, e.tlp), el('td', {}, e.message ?? '(not shared)')))))));
  $('detail-empty').hidden = true; body.hidden = false;
}

async function downloadStix(id) {
  const response = await api(`/api/alerts/${encodeURIComponent(id)}/stix`);
  if (!response.ok) return;
  const link = el('a', { href: URL.createObjectURL(await response.blob()), download: id + '.stix.json' });
  document.body.append(link); link.click(); link.remove();
}

async function refreshCharts() {
  const [stats, shared] = await Promise.all([api('/api/stats'), api('/api/stats/shared-indicators?' + new URLSearchParams({ from: new Date(Date.now() - 86400000).toISOString(), to: new Date().toISOString() }))]);
  if (stats.ok) renderRates(await stats.json());
  if (shared.ok) renderMatrix(await shared.json());
}

function renderRates(s) {
  const width = 600, height = 180, pad = 28, from = Date.parse(s.from), to = Date.parse(s.to);
  const series = s.by_country.slice(0, PALETTE.length);
  const max = Math.max(1, ...series.flatMap(x => x.points.map(p => p.n)));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' });
  chart.append(svg('line', { x1: pad, y1: height - pad, x2: width, y2: height - pad, stroke: '#5a6b7c' }));
  const label = svg('text', { x: 2, y: 12, fill: '#a9b7c6', 'font-size': '11' }); label.textContent = String(max); chart.append(label);
  series.forEach((x, i) => {
    const points = x.points.map(p => `${pad + (Date.parse(p.t) - from) / (to - from) * (width - pad)},${height - pad - p.n / max * (height - 2 * pad)}`).join(' ');
    chart.append(svg('polyline', { points, fill: 'none', stroke: PALETTE[i], 'stroke-width': '2' }));
  });
  $('rates').replaceChildren(chart);
  $('rates').setAttribute('aria-label', 'Events per minute by country: ' + (series.map(x => `${x.key} ${x.total}`).join(', ') || 'no events'));
  $('rates-legend').replaceChildren(...series.map((x, i) => el('li', {}, el('span', { class: 'swatch', 'data-colour': PALETTE[i] }), `${x.key}: ${x.total}`)));
  document.querySelectorAll('#rates-legend .swatch').forEach(n => { n.style.background = n.dataset.colour; });
  const top = Math.max(1, ...s.by_category.map(c => c.total));
  $('categories').replaceChildren(...s.by_category.slice(0, 8).map(c => { const bar = el('span', { class: 'bar' }); bar.style.width = `${Math.round(c.total / top * 200)}px`; return el('li', {}, bar, `${c.key || '(none)'}: ${c.total}`); }));
}

function renderMatrix(m) {
  if (!m.countries.length) { $('matrix').replaceChildren(el('p', {}, 'No cross-border indicators shared with you in the last 24 hours.')); return; }
  const cell = new Map(m.cells.map(c => [c.from + '|' + c.to, c.indicators]));
  const max = Math.max(1, ...m.cells.map(c => c.indicators));
  const table = el('table', { class: 'matrix' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, ''), m.countries.map(c => el('th', { scope: 'col' }, c)))),
    el('tbody', {}, m.countries.map(r => el('tr', {}, el('th', { scope: 'row' }, r), m.countries.map(c => {
      const n = r === c ? null : (cell.get(r + '|' + c) || 0);
      const td = el('td', { class: 'cell' }, n === null ? '—' : String(n));
      if (n) td.style.background = `rgba(255, 166, 77, ${0.15 + 0.6 * n / max})`;
      return td;
    })))));
  $('matrix').replaceChildren(table);
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    state.token = $('token').value.trim();
    sessionStorage.setItem('cyberagg.token', state.token);
    try { await signIn(); } catch (err) { if (state.token) signOut(err.message); }
  });
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    state.filters = Object.fromEntries([...new FormData(e.target)].filter(([, v]) => v));
    loadAlerts();
  });
  if (state.token) signIn().catch(() => signOut());
});
