// Event rate on event time (labelled axes, range picker, one colour per country for every user) and the country matrix.
'use strict';
import { $, api, el, problem, svg } from './util.js';
import { clockOf, dateOf, fromInput, stamp, toInput, zone } from './time.js';

// Fixed per country code, so LT is the same colour for every analyst; neighbours get distinct hues.
const COUNTRY_COLOURS = {
  EE: '#7cc4ff', LV: '#ff7eb6', LT: '#7ee787', PL: '#ffa64d', FI: '#d2a8ff', SE: '#ffd84d', NO: '#56d4dd', DK: '#ff6b6b',
  DE: '#c3e88d', FR: '#89ddff', NL: '#f78c6c', BE: '#bb80b3', CZ: '#e6c07b', SK: '#98c379', HU: '#ff9cac', RO: '#82aaff',
  BG: '#ffcb6b', IT: '#a6e22e', ES: '#fd971f', PT: '#66d9ef', GB: '#ae81ff', IE: '#b5e853', US: '#f92672', UA: '#ffe66d',
};
const PALETTE = Object.values(COUNTRY_COLOURS);
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 4'];
export function countryColour(code) {
  if (COUNTRY_COLOURS[code]) return COUNTRY_COLOURS[code];
  let h = 0; for (const c of String(code)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

const RANGES = { '15m': 15 * 60e3, '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };
const range = { mode: 'data' };

/** The window to chart: the data's own range (replayed or simulated data), a fixed last-N, or custom. */
async function window() {
  const now = Date.now();
  if (RANGES[range.mode]) return { from: now - RANGES[range.mode], to: now, label: 'last ' + range.mode };
  if (range.mode === 'custom') {
    const from = fromInput($('range-from').value), to = fromInput($('range-to').value);
    $('range-zone').textContent = zone();
    if (!(from < to)) throw new Error('Custom range: pick a start before the end.');
    return { from, to, label: 'custom' };
  }
  const extent = await (await api('/api/stats/extent')).json();
  if (!extent.from) return { from: now - 3600e3, to: now, label: 'last 1h (no events yet)' };
  const from = Date.parse(extent.from), to = Date.parse(extent.to), pad = Math.max(60e3, (to - from) * 0.05);
  // Live data ends about now and goes back further than an hour: show the last hour. Replayed or simulated data
  // (event times in the past or ahead of the clock) is shown over its own range.
  if (to > now - 10 * 60e3 && to < now + 2 * 60e3 && from < now - 3600e3) return { from: now - 3600e3, to: now, label: 'automatic: last 1h of live data' };
  return { from: Math.max(from - pad, to - 31 * 86400e3 + pad), to: to + pad, label: "automatic: the data's own range" };
}

export async function refreshRates() {
  const status = $('rates-status');
  let w;
  try { w = await window(); } catch (e) { if (e.message.startsWith('Custom')) { status.textContent = e.message; return; } throw e; }
  const response = await api('/api/stats?' + new URLSearchParams({ from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() }));
  if (!response.ok) { status.textContent = await problem(response); return; }
  status.textContent = '';
  const s = await response.json();
  $('rates-range').textContent = `${w.label}: ${stamp(s.from)} – ${stamp(s.to)}, ${s.step_seconds >= 3600 ? s.step_seconds / 3600 + ' h' : s.step_seconds / 60 + ' min'} buckets`;
  renderRates(s);
}

function ticks(max) {
  const raw = max / 4, mag = 10 ** Math.floor(Math.log10(raw || 1)), step = Math.max(1, [1, 2, 5, 10].map(m => m * mag).find(m => m >= raw) || mag);
  const out = []; for (let v = 0; v <= max + step / 2; v += step) out.push(v);
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

function renderRates(s) {
  const W = 640, H = 240, L = 56, R = 12, T = 12, B = 44, from = Date.parse(s.from), to = Date.parse(s.to);
  const series = s.by_country, stacked = $('rates-mode').value === 'stacked';
  const times = [...new Set(series.flatMap(c => c.points.map(p => Date.parse(p.t))))].sort((a, b) => a - b);
  const sums = times.map(t => series.reduce((n, c) => n + (c.points.find(p => Date.parse(p.t) === t)?.n || 0), 0));
  const yTicks = ticks(Math.max(1, ...(stacked ? sums : series.flatMap(x => x.points.map(p => p.n)))));
  const yMax = yTicks[yTicks.length - 1];
  const x = (t) => L + (t - from) / (to - from) * (W - L - R), y = (n) => H - B - n / yMax * (H - T - B);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'rates-svg-title' });
  chart.append(svg('title', { id: 'rates-svg-title' }, 'Events per bucket by country over event time: ' + (series.map(c => `${c.key} ${c.total}`).join(', ') || 'no events')));
  for (const v of yTicks) {
    chart.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#2b3a4a' }));
    chart.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, String(v)));
  }
  const span = to - from, days = span > 36 * 3600e3;
  for (let i = 0; i <= 5; i++) {
    const t = from + span * i / 5, d = new Date(t);
    chart.append(svg('line', { x1: x(t), x2: x(t), y1: H - B, y2: H - B + 4, stroke: '#a9b7c6' }));
    chart.append(svg('text', { x: x(t), y: H - B + 16, 'text-anchor': i === 0 ? 'start' : i === 5 ? 'end' : 'middle', class: 'axis' },
      days || i === 0 ? `${dateOf(d).slice(5)} ${clockOf(d, false)}` : clockOf(d, span < 30 * 60e3)));
  }
  chart.append(svg('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#a9b7c6' }));
  chart.append(svg('line', { x1: L, y1: T, x2: L, y2: H - B, stroke: '#a9b7c6' }));
  chart.append(svg('text', { x: (L + W) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis-title' }, `Event time (${zone()})`));
  chart.append(svg('text', { x: 12, y: (T + H - B) / 2, 'text-anchor': 'middle', class: 'axis-title', transform: `rotate(-90 12 ${(T + H - B) / 2})` }, `Events per ${s.step_seconds / 60} min`));
  if (stacked) {
    // Stacked areas: countries with identical rates become equal bands instead of lines drawn over each other.
    const base = new Map(times.map(t => [t, 0]));
    series.forEach((c) => {
      const own = new Map(c.points.map(p => [Date.parse(p.t), p.n]));
      const lower = times.map(t => base.get(t)), upper = times.map((t, k) => lower[k] + (own.get(t) || 0));
      times.forEach((t, k) => base.set(t, upper[k]));
      const top = times.map((t, k) => `${x(t).toFixed(1)},${y(upper[k]).toFixed(1)}`), bottom = times.map((t, k) => `${x(t).toFixed(1)},${y(lower[k]).toFixed(1)}`).reverse();
      chart.append(svg('polygon', { points: top.concat(bottom).join(' '), fill: countryColour(c.key), 'fill-opacity': '0.75', stroke: '#0b1117', 'stroke-width': '0.5', 'data-country': c.key }));
    });
  } else {
    series.forEach((c, i) => {
      const colour = countryColour(c.key), dash = DASHES[i % DASHES.length];
      const points = c.points.map(p => `${x(Date.parse(p.t)).toFixed(1)},${y(p.n).toFixed(1)}`).join(' ');
      chart.append(svg('polyline', { points, fill: 'none', stroke: colour, 'stroke-width': '2', 'stroke-dasharray': dash, 'data-country': c.key }));
      if (c.points.length <= 60) for (const p of c.points) chart.append(svg('circle', { cx: x(Date.parse(p.t)), cy: y(p.n), r: 2.5, fill: colour }));
    });
  }
  $('rates').replaceChildren(series.length ? chart : el('p', { class: 'empty-chart' }, 'No events in this range. Pick a wider range, or "Data\'s own range".'));
  $('rates-legend').replaceChildren(...series.map((c, i) => {
    const swatch = svg('svg', { width: 26, height: 10, 'aria-hidden': 'true' });
    swatch.append(stacked ? svg('rect', { x: 0, y: 0, width: 26, height: 10, fill: countryColour(c.key) })
      : svg('line', { x1: 0, x2: 26, y1: 5, y2: 5, stroke: countryColour(c.key), 'stroke-width': 3, 'stroke-dasharray': DASHES[i % DASHES.length] }));
    return el('li', { 'data-country': c.key }, swatch, ` ${c.key}: ${c.total.toLocaleString('en')} events`);
  }));
  const top = Math.max(1, ...s.by_category.map(c => c.total));
  $('categories').replaceChildren(...s.by_category.slice(0, 8).map(c => { const bar = el('span', { class: 'bar' }); bar.style.width = `${Math.round(c.total / top * 200)}px`; return el('li', {}, bar, `${c.key || '(none)'}: ${c.total.toLocaleString('en')}`); }));
}

export function wireRange(refresh) {
  $('rates-mode').addEventListener('change', refresh);
  const select = $('range');
  select.addEventListener('change', () => {
    range.mode = select.value;
    $('custom-range').hidden = range.mode !== 'custom';
    if (range.mode === 'custom' && !$('range-from').value) { $('range-from').value = toInput(Date.now() - 3600e3); $('range-to').value = toInput(Date.now()); }
    refresh();
  });
  $('custom-range').addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
}

/** Country × country: distinct indicators shared in alerts the caller may see; a cell opens the alerts behind it. */
export async function refreshMatrix(openPair) {
  const response = await api('/api/stats/shared-indicators?' + new URLSearchParams({ from: new Date(Date.now() - 86400000).toISOString(), to: new Date().toISOString() }));
  if (!response.ok) return;
  const m = await response.json();
  if (!m.countries.length) { $('matrix').replaceChildren(el('p', {}, 'No cross-border indicators shared with you in the last 24 hours (by raised time).')); return; }
  const cell = new Map(m.cells.map(c => [c.from + '|' + c.to, c.indicators]));
  const max = Math.max(1, ...m.cells.map(c => c.indicators));
  const shade = (n) => `rgba(255, 166, 77, ${(0.15 + 0.6 * n / max).toFixed(2)})`;
  const table = el('table', { class: 'matrix' },
    el('caption', { class: 'sub' }, 'Rows and columns are countries; a cell counts distinct indicators seen in both. Select a cell for its alerts.'),
    el('thead', {}, el('tr', {}, el('td', {}, ''), m.countries.map(c => el('th', { scope: 'col' }, c)))),
    el('tbody', {}, m.countries.map(r => el('tr', {}, el('th', { scope: 'row' }, r), m.countries.map(c => {
      const n = r === c ? null : (cell.get(r + '|' + c) || 0);
      if (!n) return el('td', { class: 'cell' }, n === null ? '—' : '0');
      const button = el('button', { type: 'button', class: 'cell-button', 'aria-label': `${n} indicators shared by ${r} and ${c}: show the alerts`, onclick: () => openPair([r, c]) }, String(n));
      const td = el('td', { class: 'cell' }, button); td.style.background = shade(n);
      return td;
    })))));
  const legend = el('div', { class: 'matrix-legend', 'aria-hidden': 'true' }, 'fewer ',
    ...[...new Set([1, Math.ceil(max / 2), max])].map(n => { const s = el('span', { class: 'scale' }, String(n)); s.style.background = shade(n); return s; }), ' more indicators');
  $('matrix').replaceChildren(table, legend);
}

/** Campaign timeline: every cross-border alert of the list as a bar over its event-time window, one row per country. */
export function renderCampaign(alerts) {
  const list = alerts.filter(a => a.kind === 'cross-border');
  if (!list.length) { $('campaign').replaceChildren(el('p', {}, 'No cross-border alerts in the list to draw.')); return; }
  const countries = [...new Set(list.flatMap(a => a.countries))].sort();
  const from = Math.min(...list.map(a => Date.parse(a.first_seen))), to = Math.max(...list.map(a => Date.parse(a.last_seen)), from + 60e3);
  const W = 640, L = 40, R = 12, rowH = 22, H = countries.length * rowH + 34;
  const x = (t) => L + (t - from) / (to - from) * (W - L - R);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'campaign-title-svg' });
  chart.append(svg('title', { id: 'campaign-title-svg' }, `Cross-border alerts by country over event time, ${stamp(new Date(from).toISOString())} to ${stamp(new Date(to).toISOString())}`));
  countries.forEach((c, i) => {
    chart.append(svg('text', { x: 4, y: i * rowH + 15, class: 'axis' }, c));
    for (const a of list.filter(a => a.countries.includes(c))) {
      const x1 = x(Date.parse(a.first_seen)), x2 = Math.max(x1 + 3, x(Date.parse(a.last_seen)));
      const bar = svg('rect', { x: x1, y: i * rowH + 4, width: x2 - x1, height: rowH - 8, fill: countryColour(c), opacity: 0.8 });
      bar.append(svg('title', {}, `${a.rule_title} (${a.group_key})`));
      chart.append(bar);
    }
  });
  const axisY = countries.length * rowH + 4;
  chart.append(svg('line', { x1: L, x2: W - R, y1: axisY, y2: axisY, stroke: '#a9b7c6' }));
  for (let i = 0; i <= 4; i++) {
    const t = from + (to - from) * i / 4;
    chart.append(svg('text', { x: x(t), y: axisY + 16, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle', class: 'axis' }, `${clockOf(new Date(t))}${i === 4 ? ' ' + zone() : ''}`));
  }
  $('campaign').replaceChildren(chart);
}
