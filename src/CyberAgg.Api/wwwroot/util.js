// Shared helpers of the dashboard: DOM builders, the authenticated fetch, and the state every view reads.
'use strict';

export const state = {
  token: sessionStorage.getItem('cyberagg.token') || '', me: null, alerts: new Map(), selected: null, lastEventId: null,
  filters: {}, pair: null, sort: { key: 'raised_at', dir: -1 }, page: { cursors: [null], index: 0, next: null, size: 50 },
  missedNewer: 0, online: true,
};
export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];
export const $ = (id) => document.getElementById(id);

/** Raised when the server cannot be reached; callers show the banner instead of throwing into the console. */
export class Offline extends Error {}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return node;
}

export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

const listeners = { offline: [], online: [], unauthorized: [] };
export function on(event, fn) { listeners[event].push(fn); }
export function emit(event, detail) { for (const fn of listeners[event]) fn(detail); }

/** fetch with the bearer token; throws Offline when the server is unreachable. */
export async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { ...options, headers: { ...(options.headers || {}), Authorization: 'Bearer ' + state.token } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    emit('offline', 'the server did not answer ' + path.split('?')[0]);
    throw new Offline('The server cannot be reached.');
  }
  if (response.status === 401) { emit('unauthorized', 'The token is no longer accepted; sign in again.'); throw new Offline('unauthorized'); }
  return response;
}

export async function problem(response) {
  try { const p = await response.json(); return p.detail || p.title || response.statusText; } catch { return response.statusText || String(response.status); }
}

export const postJson = (path, payload) => api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload ?? {}) });

/** Runs an async UI action; failures end up in the given status element (or the banner), never as uncaught errors. */
export function guard(fn, status) {
  return async (...args) => {
    try { await fn(...args); } catch (e) {
      if (e instanceof Offline || e.name === 'AbortError') return;
      if (status) status.textContent = 'Error: ' + e.message;
    }
  };
}

/** Copies text to the clipboard, with a fallback for browsers that refuse the async clipboard. */
export async function copy(text, button) {
  let ok = false;
  try { await navigator.clipboard.writeText(text); ok = true; } catch {
    const area = el('textarea', { class: 'visually-hidden', 'aria-hidden': 'true' }); area.value = text; document.body.append(area); area.select();
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    area.remove();
  }
  const label = button.textContent;
  button.textContent = ok ? 'Copied' : 'Copy failed: select the text';
  setTimeout(() => { button.textContent = label; }, 1500);
}

/** An indicator value that wraps only between its parts (never inside an address, domain or hash), with a copy button. */
export function indicator(value, { copyable = true, label = 'indicator' } = {}) {
  const parts = String(value || '').split('|').filter(Boolean);
  const text = el('span', { class: 'indicator' }, parts.length ? parts.flatMap((p, i) => [i ? el('span', { class: 'sep', 'aria-hidden': 'true' }, ' | ') : '', el('span', { class: 'token' }, p)]) : '—');
  if (!copyable || !parts.length) return text;
  const button = el('button', { type: 'button', class: 'copy small', 'aria-label': `Copy ${label} ${value}` }, 'Copy');
  button.addEventListener('click', (e) => { e.stopPropagation(); copy(parts.join('|'), button); });
  return el('span', { class: 'indicator-wrap' }, text, button);
}
