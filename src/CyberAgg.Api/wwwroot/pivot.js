// Pivot: from one indicator to its alerts across countries and its sightings over event time.
'use strict';
import { $, api, el, problem, svg } from './util.js';
import { span, stamp, timeEl } from './time.js';
import { countryColour } from './charts.js';

export async function showPivot(value) {
  const panel = $('pivot-panel');
  panel.hidden = false;
  $('pivot-title-value').textContent = value;
  const response = await api('/api/pivot?' + new URLSearchParams({ value }));
  if (!response.ok) { $('pivot-body').replaceChildren(el('p', { class: 'error' }, await problem(response))); return; }
  const r = await response.json();
  const countries = [...new Set(r.alerts.flatMap(a => a.countries))].sort();
  const body = [
    el('p', { id: 'pivot-summary' }, r.alerts.length
      ? `${r.alerts.length} alert${r.alerts.length === 1 ? '' : 's'} you may see carry this indicator, in ${countries.join(', ')}; the list above shows them.`
      : 'No alert you may see carries this indicator (in the last 31 days).'),
    el('h3', {}, `Sightings in raw events (${r.sightings_scope}, last 31 days, event time)`),
  ];
  if (!r.sightings.length) body.push(el('p', {}, 'No raw events with this value in your scope.'));
  else {
    const from = Math.min(...r.sightings.map(s => Date.parse(s.first_seen))), to = Math.max(...r.sightings.map(s => Date.parse(s.last_seen)));
    body.push(el('table', { class: 'pivot' },
      el('thead', {}, el('tr', {}, ['Partner', 'Events', 'First – last seen', 'Over time'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, r.sightings.map(s => el('tr', {},
        el('th', { scope: 'row' }, `${s.partner} (${s.country})`), el('td', { class: 'num' }, String(s.events)),
        el('td', {}, timeEl(s.first_seen, span(s.first_seen, s.last_seen))), el('td', {}, spark(s, from, to)))))));
    body.push(el('p', { class: 'sub' }, `Timeline from ${stamp(new Date(from).toISOString())} to ${stamp(new Date(to).toISOString())}, one bar per hour with events.`));
  }
  $('pivot-body').replaceChildren(...body);
}

function spark(s, from, to) {
  const W = 220, H = 24, max = Math.max(1, ...s.points.map(p => p.n)), width = Math.max(2, W / Math.max(1, (to - from) / 3600e3));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': `${s.events} events of ${s.partner} over time` });
  for (const p of s.points) {
    const x = (Date.parse(p.t) - from) / Math.max(1, to - from) * (W - width), h = Math.max(2, p.n / max * (H - 2));
    chart.append(svg('rect', { x: x.toFixed(1), y: (H - h).toFixed(1), width: width.toFixed(1), height: h.toFixed(1), fill: countryColour(s.country) }));
  }
  return chart;
}

export function hidePivot() { $('pivot-panel').hidden = true; }
