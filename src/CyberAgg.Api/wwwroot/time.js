// Times: UTC with the date by default (CERTs work in UTC), local on request; every label says which.
'use strict';

const prefs = { utc: localStorage.getItem('cyberagg.time') !== 'local' };
const pad = (n) => String(n).padStart(2, '0');

export const isUtc = () => prefs.utc;
export function setUtc(utc) { prefs.utc = utc; localStorage.setItem('cyberagg.time', utc ? 'utc' : 'local'); }

/** The zone suffix of the current setting: "UTC" or e.g. "UTC+02:00". */
export function zone(date = new Date()) {
  if (prefs.utc) return 'UTC';
  const off = -date.getTimezoneOffset(), a = Math.abs(off);
  return `UTC${off >= 0 ? '+' : '-'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

function parts(d) {
  return prefs.utc
    ? { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() }
    : { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds() };
}

export const dateOf = (d) => { const p = parts(d); return `${p.y}-${pad(p.mo)}-${pad(p.d)}`; };
export const clockOf = (d, seconds = true) => { const p = parts(d); return `${pad(p.h)}:${pad(p.mi)}` + (seconds ? `:${pad(p.s)}` : ''); };

/** "2026-12-01 07:12:12 UTC". */
export function stamp(iso, { withZone = true } = {}) {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${dateOf(d)} ${clockOf(d)}` + (withZone ? ' ' + zone(d) : '');
}

/** "2026-12-01 07:21:03 – 07:27:44 UTC", the date repeated only when the window crosses midnight. */
export function span(fromIso, toIso) {
  const a = new Date(fromIso), b = new Date(toIso);
  return `${dateOf(a)} ${clockOf(a)} – ${dateOf(a) === dateOf(b) ? '' : dateOf(b) + ' '}${clockOf(b)} ${zone(b)}`;
}

/** Like stamp/span, as nodes that may wrap between date and time but never inside either. */
export function stampNodes(iso) {
  const d = new Date(iso);
  return [nowrap(dateOf(d)), ' ', nowrap(`${clockOf(d)} ${zone(d)}`)];
}
export function spanNodes(fromIso, toIso) {
  const a = new Date(fromIso), b = new Date(toIso);
  return [nowrap(`${dateOf(a)} ${clockOf(a)}`), ' – ', nowrap(`${dateOf(a) === dateOf(b) ? '' : dateOf(b) + ' '}${clockOf(b)} ${zone(b)}`)];
}
function nowrap(text) { const s = document.createElement('span'); s.className = 'nowrap'; s.textContent = text; return s; }

/** A <time> element: machine-readable ISO, human text in the chosen zone. */
export function timeEl(iso, text) {
  const t = document.createElement('time');
  t.dateTime = iso || '';
  if (Array.isArray(text)) t.append(...text); else t.textContent = text ?? stamp(iso);
  return t;
}

/** Value for an <input type=datetime-local> in the chosen zone, and back. */
export function toInput(ms) { const d = new Date(ms); return `${dateOf(d)}T${clockOf(d, false)}`; }
export function fromInput(value) {
  if (!value) return NaN;
  return prefs.utc ? Date.parse(value + ':00Z') : new Date(value).getTime();
}
