// DOM helpers of the dashboard: elements are built with textContent only, never innerHTML with
// data; the panels' loading skeletons, error and empty boxes, and the collapsed data tables.

export const $ = (selector, root = document) => root.querySelector(selector);

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function skeleton(kind) {
  if (kind === 'kpis') {
    return Array.from({ length: 6 }, () => h('div', { class: 'kpi card skeleton-card', 'aria-hidden': 'true' },
      h('span', { class: 'skeleton skeleton-line short' }),
      h('span', { class: 'skeleton skeleton-line big' }),
      h('span', { class: 'skeleton skeleton-line' })));
  }
  if (kind === 'table') {
    return h('div', { class: 'skeleton-table', 'aria-hidden': 'true' },
      Array.from({ length: 5 }, () => h('span', { class: 'skeleton skeleton-line' })));
  }
  return h('div', { class: 'skeleton skeleton-chart', 'aria-hidden': 'true' });
}

export function errorTitle(error) {
  if (error.status === 0) return 'Could not reach the API';
  if (error.status === 429) return 'Rate limit reached';
  if (error.status === 403) return 'Not allowed';
  if (error.status === 400) return 'The request was refused';
  if (error.status === 404) return 'Not found';
  if (error.status >= 500) return 'The service had a problem';
  return 'Could not load';
}

/**
 * The problem body's detail, field errors, the wait on 429, and Retry only where it can help.
 * On a 429 with a known wait the box counts down ("Retry in N s") and Retry stays disabled until
 * the window has a free slot: pressing it earlier would only spend another 429.
 */
export function errorBox(error, retry) {
  const fieldErrors = error.errors
    ? h('ul', { class: 'field-errors' },
      Object.entries(error.errors).map(([field, messages]) => h('li', {}, h('code', { text: field }), ': ',
        [].concat(messages).join(' '))))
    : null;
  const retryable = error.status === 0 || error.status === 429 || error.status >= 500;
  const counting = error.status === 429 && Number.isFinite(error.retryAfter) && error.retryAfter > 0;
  // The detail's own "retry after 55 s" is true only the moment it arrives: the countdown replaces it.
  const detail = counting
    ? (error.detail || '').replace(/;?\s*(retry after|try again in) \d+ ?s\.?$/i, '.').replace(/\.\.$/, '.')
    : error.detail;
  const wait = counting ? h('p', { class: 'error-wait', role: 'status' }) : null;
  const button = retryable && retry ? h('button', { type: 'button', class: 'btn btn-small', onclick: retry, text: 'Retry' }) : null;
  const box = h('div', { class: 'error-box', 'data-status': String(error.status), 'data-code': error.code || '' },
    h('p', { class: 'error-title', text: errorTitle(error) }),
    h('p', { class: 'error-detail', text: detail }),
    fieldErrors,
    wait,
    button);
  if (counting) {
    const until = Date.now() + error.retryAfter * 1000;
    const tick = () => {
      const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      box.dataset.wait = String(left);
      wait.textContent = left > 0 ? `Retry in ${left} s.` : 'You can retry now.';
      if (button) button.disabled = left > 0;
      return left;
    };
    tick();
    const timer = setInterval(() => {
      // Stop when the box is gone (replaced by a newer load) or the wait is over.
      if ((!box.isConnected && box.dataset.attached) || tick() === 0) clearInterval(timer);
      if (box.isConnected) box.dataset.attached = 'true';
    }, 250);
  }
  return box;
}

export function emptyBox(text) {
  return h('div', { class: 'empty-box' }, h('p', { text }));
}

/** A collapsed table with a chart's numbers, for screen readers and for copying. */
export function dataDetails(caption, headers, rows) {
  return h('details', { class: 'data-details' },
    h('summary', { text: 'Show data' }),
    h('div', { class: 'data-scroll' },
      h('table', { class: 'data-table' },
        h('caption', { class: 'visually-hidden', text: caption }),
        h('thead', {}, h('tr', {}, headers.map((header, i) => h('th', { scope: 'col', class: i ? 'num' : null, text: header })))),
        h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell, i) => (i
          ? h('td', { class: 'num', text: cell })
          : h('th', { scope: 'row', text: cell })))))))));
}

export function chartHost() {
  return h('div', { class: 'chart-host' });
}
