// CyberAgg SOC dashboard: plain JS modules and SVG, served by the API itself (no CDN, no build step).
// The token stays in sessionStorage and travels only in the Authorization header, never in a URL.
'use strict';
import { $, api, el, guard, on, Offline, state } from './util.js';
import { isUtc, setUtc, stamp } from './time.js';
import { goPage, loadAlerts, matches, onTable, renderAlerts, resetPaging, upsertLive } from './alerts.js';
import { clearDetail, onDetail, showDetail } from './detail.js';
import { refreshMatrix, refreshRates, renderCampaign, wireRange } from './charts.js';
import { refreshHealth } from './health.js';
import { hidePivot, showPivot } from './pivot.js';

const stream = { abort: null, attempt: 0, lostAt: null, timer: null, watchdog: null };
const WATCHDOG_MS = 40000; // the server sends a keep-alive every 15 s

function setLive(on) {
  const live = $('live');
  live.textContent = on ? 'Live: on' : 'Live: off';
  live.className = 'live ' + (on ? 'on' : 'off');
}

/** The connection-lost banner: when, that the data is stale, and when the next attempt is. */
function connectionLost(reason) {
  if (!state.token) return;
  state.online = false;
  setLive(false);
  stream.lostAt ??= new Date().toISOString();
  const banner = $('banner');
  banner.hidden = false; banner.className = 'banner lost';
  $('banner-text').textContent = `Connection to the CyberAgg server lost at ${stamp(stream.lostAt)} (${reason}). What you see may be stale; no new alerts arrive until it is back.`;
  $('banner-retry').hidden = false;
}

function connectionBack() {
  state.online = true;
  if (!stream.lostAt) return;
  stream.lostAt = null;
  const banner = $('banner');
  banner.className = 'banner back';
  $('banner-text').textContent = 'Reconnected: resumed from the last alert received, nothing was missed.';
  $('banner-retry').hidden = true;
  setTimeout(() => { if (state.online) banner.hidden = true; }, 6000);
}

function scheduleReconnect() {
  clearTimeout(stream.timer);
  if (!state.token) return;
  const delay = Math.min(30000, 1000 * 2 ** Math.min(stream.attempt, 5));
  stream.attempt++;
  $('banner-next').textContent = `Retrying in ${Math.round(delay / 1000)} s (attempt ${stream.attempt}).`;
  stream.timer = setTimeout(startStream, delay);
}

async function startStream() {
  clearTimeout(stream.timer);
  if (stream.abort) stream.abort.abort();
  const controller = new AbortController();
  stream.abort = controller;
  const headers = { Authorization: 'Bearer ' + state.token };
  if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
  const kick = () => { clearTimeout(stream.watchdog); stream.watchdog = setTimeout(() => controller.abort('watchdog'), WATCHDOG_MS); };
  let reason = 'the live stream ended';
  try {
    kick();
    const response = await fetch('/api/alerts/stream', { headers, signal: controller.signal });
    if (response.status === 401) { signOut('The token is no longer accepted; sign in again.'); return; }
    if (!response.ok) throw new Error('the live stream answered ' + response.status);
    setLive(true); stream.attempt = 0; $('banner-next').textContent = '';
    const wasLost = stream.lostAt !== null;
    connectionBack();
    if (wasLost) refreshAll();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      kick();
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) { handleEvent(buffer.slice(0, end)); buffer = buffer.slice(end + 2); }
    }
  } catch (e) {
    if (controller.signal.aborted && controller.signal.reason !== 'watchdog') return;
    reason = controller.signal.reason === 'watchdog' ? 'no keep-alive from the server for 40 s' : 'the server cannot be reached';
  } finally {
    clearTimeout(stream.watchdog);
  }
  if (stream.abort !== controller || !state.token) return;
  connectionLost(reason);
  scheduleReconnect();
}

function handleEvent(block) {
  let id = null, type = 'message', data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = line.slice(4); else if (line.startsWith('event: ')) type = line.slice(7); else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (id) state.lastEventId = id;
  if (type === 'reset' || type === 'overflow') { guard(loadAlerts)(); return; }
  if (type !== 'alert') return;
  const alert = JSON.parse(data);
  const shown = upsertLive(alert);
  renderAlerts(alert.alert_id);
  if (shown && matches(alert)) $('announce').textContent = `New ${alert.level} alert: ${alert.rule_title}, ${alert.countries.join(' and ')}`;
  if (state.selected === alert.alert_id) guard(showDetail)(alert.alert_id);
  clearTimeout(state.chartTimer);
  state.chartTimer = setTimeout(refreshCharts, 1000);
}

const refreshCharts = guard(async () => {
  await Promise.all([refreshRates(), refreshMatrix(openPair), refreshHealth()]);
  renderCampaign([...state.alerts.values()].filter(matches));
});

async function refreshAll() { await guard(loadAlerts)(); await refreshCharts(); }

const openPair = guard(async (pair) => {
  state.pair = pair; state.filters = { ...state.filters, country: pair[0], kind: 'cross-border' };
  syncFilterForm(); resetPaging(); await loadAlerts(); $('alerts-title').focus();
});

const pivot = guard(async (value) => {
  state.pair = null; state.filters = { q: value }; syncFilterForm(); resetPaging(); await loadAlerts();
  $('pivot').hidden = false;
  $('pivot-text').textContent = `Pivot on ${value}: every alert you may see with this indicator, across countries.`;
  await showPivot(value);
  $('alerts-title').focus();
});

function syncFilterForm() {
  const form = $('filters');
  for (const input of form.elements) if (input.name) input.value = state.filters[input.name] || '';
}

function signOut(message) {
  state.token = ''; sessionStorage.removeItem('cyberagg.token');
  if (stream.abort) stream.abort.abort();
  clearTimeout(stream.timer); clearInterval(state.chartInterval);
  $('banner').hidden = true;
  $('app').hidden = true; $('login').hidden = false; $('login-error').textContent = message || '';
  $('who').textContent = 'Not signed in'; $('sign-out').hidden = true; setLive(false);
}

/** Probes the token with POST /api/session, which answers 200 either way: a wrong token logs no 401 in the console. */
async function signIn() {
  let probe;
  try {
    probe = await fetch('/api/session', { method: 'POST', headers: { Authorization: 'Bearer ' + state.token } });
  } catch {
    $('login-error').textContent = 'The CyberAgg server cannot be reached. Is it still running?';
    return;
  }
  const who = await probe.json();
  if (!who.signed_in) { signOut(who.reason); return; }
  state.me = who;
  $('who').textContent = `${who.display_name} (${who.id}${who.country ? ', ' + who.country : ''}, ${who.role})`;
  $('login').hidden = true; $('app').hidden = false; $('sign-out').hidden = false;
  const partners = await (await api('/api/partners')).json();
  const select = document.querySelector('#filters select[name=partner]');
  select.replaceChildren(el('option', { value: '' }, 'any'), ...partners.map(p => el('option', { value: p.id }, `${p.display_name} (${p.country})`)));
  await loadAlerts();
  startStream();
  refreshCharts();
  state.chartInterval = setInterval(refreshCharts, 30000);
  $('alerts-title').focus();
}

function wire() {
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.token = $('token').value.trim();
    sessionStorage.setItem('cyberagg.token', state.token);
    guard(signIn, $('login-error'))();
  });
  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    state.filters = Object.fromEntries([...new FormData(e.target)].filter(([, v]) => v));
    if (state.pair && state.filters.country !== state.pair[0]) state.pair = null;
    $('pivot').hidden = true; hidePivot();
    resetPaging(); guard(loadAlerts)();
  });
  $('filters-reset').addEventListener('click', () => {
    state.filters = {}; state.pair = null; $('pivot').hidden = true; hidePivot(); syncFilterForm(); resetPaging(); guard(loadAlerts)();
  });
  $('pair-clear').addEventListener('click', () => $('filters-reset').click());
  $('pivot-clear').addEventListener('click', () => $('filters-reset').click());
  $('page-newer').addEventListener('click', guard(() => goPage(-1)));
  $('page-older').addEventListener('click', guard(() => goPage(1)));
  $('page-size').addEventListener('change', () => { state.page.size = Number($('page-size').value); resetPaging(); guard(loadAlerts)(); });
  $('missed-go').addEventListener('click', guard(() => goPage(0)));
  $('banner-retry').addEventListener('click', () => { stream.attempt = 0; startStream(); });
  const toggle = $('time-zone');
  const label = () => { toggle.textContent = isUtc() ? 'Times: UTC' : 'Times: local'; toggle.setAttribute('aria-pressed', String(!isUtc())); };
  label();
  toggle.addEventListener('click', () => {
    setUtc(!isUtc()); label(); renderAlerts();
    if (state.selected) guard(showDetail)(state.selected);
    refreshCharts();
  });
  wireRange(refreshCharts);
  onTable({ select: (id) => guard(showDetail)(id, { focus: true }), cleared: () => clearDetail('The alert you had open is no longer in the list (filtered out or on another page). Select another alert.') });
  onDetail({ changed: (a) => { state.alerts.set(a.alert_id, a); renderAlerts(); }, pivot });
  on('offline', (reason) => { if (state.online) connectionLost(reason); });
  on('unauthorized', (message) => signOut(message));
  window.addEventListener('unhandledrejection', (e) => { if (e.reason instanceof Offline) e.preventDefault(); });
  if (state.token) guard(signIn, $('login-error'))();
}

document.addEventListener('DOMContentLoaded', wire);
