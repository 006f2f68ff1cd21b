// Alliance health: per partner (and own sensors) the last event time, last arrival and rate against its own baseline.
'use strict';
import { $, api, el } from './util.js';
import { stamp, timeEl } from './time.js';

const WORDS = { silent: 'silent: usually sends, nothing recently', quiet: 'quiet: well under its usual rate', ok: 'sending normally', idle: 'no baseline yet' };

export async function refreshHealth() {
  const response = await api('/api/health/partners');
  if (!response.ok) return;
  const h = await response.json();
  $('health-sub').textContent = `events received in the last ${h.window_minutes} min against each source's own average over ${h.baseline_hours} h; as of ${stamp(h.at)}`;
  if (!h.partners.length) { $('health').replaceChildren(el('p', {}, 'No partner shares event rates with you.')); return; }
  const row = (s, sensor) => el('tr', { class: 'health-' + s.state, 'data-partner': s.partner },
    el('th', { scope: 'row' }, sensor ? el('span', { class: 'mono sensor' }, s.sensor) : `${s.partner} (${s.country})`),
    el('td', {}, el('span', { class: 'state state-' + s.state }, s.state), el('span', { class: 'visually-hidden' }, ' ' + WORDS[s.state])),
    el('td', { class: 'num' }, String(s.recent)), el('td', { class: 'num' }, s.baseline.toFixed(1)),
    el('td', { class: 'nowrap' }, s.last_event_at ? timeEl(s.last_event_at) : 'never'),
    el('td', { class: 'nowrap' }, s.last_received_at ? timeEl(s.last_received_at) : 'never'));
  $('health').replaceChildren(el('table', { class: 'health' },
    el('thead', {}, el('tr', {}, ['Partner / sensor', 'State', 'Recent', 'Baseline', 'Last event (event time)', 'Last received'].map(t => el('th', { scope: 'col' }, t)))),
    el('tbody', {}, h.partners.flatMap(p => [row(p.summary, false), ...p.sensors.map(s => row(s, true))]))));
}
