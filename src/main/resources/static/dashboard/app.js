// The built-in dashboard. Plain ES modules, no build step: every figure comes from the public
// /api/v2 endpoints, called with the bearer token the person pasted (or opened via a link).

import { createClient, jwtClaims } from './api.js';
import * as dates from './dates.js';
import * as fmt from './format.js';
import {
  COLORS, PREVIOUS_COLOR, barChart, chartsAvailable, clearChart, lineChart, sparkline, stackedBars,
} from './charts.js';
import { saveCsv, toCsv } from './csv.js';
import {
  $, chartHost, dataDetails, emptyBox, errorBox, h, skeleton,
} from './dom.js';
import * as url from './urlstate.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEYS = {
  token: 'analytics.dashboard.token', // sessionStorage only: gone when the tab closes
  current: 'analytics.dashboard.company', // sessionStorage: the company this tab shows
  remembered: 'analytics.dashboard.lastCompany', // localStorage: prefills the form next time
};
const PAGE_SIZE = 20;
const MAX_RANGE_DAYS = 366; // the series endpoints' limit
const DAILY_ACTIVITY_LIMIT = 90; // per-user activity: daily buckets up to 90 days, weekly beyond

const state = {
  token: null,
  claims: null,
  companyId: null,
  client: null,
  zone: dates.browserZone(),
  companyName: null,
  role: null,
  range: { days: 30, from: null, to: null, preset: url.DEFAULT_PRESET },
  table: { ordering: '-last_active', search: '', status: '', link: null },
  by: 'department', // the breakdown panel's dimension
  view: { member: null, user: null, granularity: 'daily' }, // the open member drill-down, if any
  companies: [], // GET /me/companies: the switcher's choices
  loadedKey: null, // company and range the overview panels were last loaded for
  csv: {}, // per panel: what it drew, for its CSV button
  controller: null, // aborts everything of the current sign-in and range
  tableController: null, // aborts the table's own pending request (typing, paging)
  signedOut: false,
  // For the "latest data" hint: is the range empty, and when was anyone last active?
  hint: { empty: null, latest: null },
};

function companyPath(suffix = '') {
  return `/api/v2/companies/${encodeURIComponent(state.companyId)}${suffix}`;
}

// ---------------------------------------------------------------------------------------------
// Notices: one line under the top bar for what concerns the whole page (rate limit, sign-out).

let noticeTimer = null;

function showNotice(text, kind = 'info') {
  clearInterval(noticeTimer);
  const notice = $('#notice');
  notice.className = `notice notice-${kind}`;
  $('#notice-text').textContent = text;
  notice.hidden = false;
}

function hideNotice() {
  clearInterval(noticeTimer);
  $('#notice').hidden = true;
}

/** A 429 anywhere: say how long to wait, counting down, from Retry-After / retry_after. */
function rateLimited(error) {
  let wait = Number.isFinite(error.retryAfter) ? error.retryAfter : null;
  const say = () => {
    if (wait === null) {
      showNotice(`${error.detail} The API allows a limited number of reads per minute for each company; wait a moment and press Retry.`, 'warn');
    } else if (wait > 0) {
      showNotice(`Rate limit reached: too many reads for this company. Try again in ${wait} s.`, 'warn');
    } else {
      showNotice('The rate limit has reset: you can press Retry now.', 'info');
    }
  };
  say();
  if (wait !== null && wait > 0) {
    noticeTimer = setInterval(() => {
      wait -= 1;
      if (wait <= 0) clearInterval(noticeTimer);
      say();
      if (wait <= 0) noticeTimer = null;
    }, 1000);
  }
}

// ---------------------------------------------------------------------------------------------
// Panels: every panel loads on its own and shows its own loading, empty or error state.

function panel(id) {
  const section = document.getElementById(id);
  const body = section.querySelector('.panel-body');
  const set = (name) => {
    section.dataset.state = name;
    body.setAttribute('aria-busy', String(name === 'loading'));
    if (name !== 'ready') clearCsv(id);
  };
  return {
    section,
    body,
    loading(kind = 'chart') {
      set('loading');
      clearChart(body);
      body.replaceChildren(...[].concat(skeleton(kind)));
    },
    error(error, retry) {
      set('error');
      clearChart(body);
      body.replaceChildren(errorBox(error, retry));
    },
    empty(text) {
      set('empty');
      clearChart(body);
      body.replaceChildren(emptyBox(text));
    },
    ready(...nodes) {
      set('ready');
      clearChart(body);
      body.replaceChildren(...nodes);
    },
  };
}

/** Runs one panel's load: skeleton first; an aborted load (newer range, sign-out) draws nothing. */
async function load(id, kind, work) {
  const p = panel(id);
  const signal = state.controller.signal;
  p.loading(kind);
  try {
    await work(p, signal);
  } catch (error) {
    if (signal.aborted || error.name === 'AbortError') return;
    if (error.status === 401) return; // the page is going back to sign-in
    if (!error.status && error.status !== 0) {
      console.error(error);
      error = { status: -1, detail: `The page could not show this panel: ${error.message}` };
    }
    p.error(error, () => load(id, kind, work));
  }
}

/** Remembers what a panel drew so its CSV button saves exactly that; shows the button. */
function setCsv(id, name, headers, rows) {
  state.csv[id] = { filename: `${name}_${state.range.from}_${state.range.to}.csv`, headers, rows };
  const button = document.querySelector(`button[data-csv="${id}"]`);
  if (button) button.hidden = false;
}

function clearCsv(id) {
  delete state.csv[id];
  const button = document.querySelector(`button[data-csv="${id}"]`);
  if (button) button.hidden = true;
}

function downloadCsv(id) {
  const data = state.csv[id];
  if (data) saveCsv(data.filename, toCsv(data.headers, data.rows));
}

function noCharts(p) {
  p.error({ status: -1, detail: 'The chart library did not load; reload the page.' });
}

// ---------------------------------------------------------------------------------------------
// KPI cards: the summary with compare=previous.

function changeLine(change, previousText) {
  const label = `vs previous ${state.range.days} ${state.range.days === 1 ? 'day' : 'days'}`;
  if (change === null || change === undefined) {
    return h('p', { class: 'kpi-change flat', title: previousText ? `Previous: ${previousText}` : null },
      fmt.DASH, ' ', h('span', { class: 'muted', text: previousText === undefined ? 'no comparison' : 'no data in the previous period' }));
  }
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const arrow = change > 0 ? '\u25B2' : change < 0 ? '\u25BC' : '\u25B6';
  const words = change > 0 ? 'Up' : change < 0 ? 'Down' : 'No change,';
  return h('p', { class: `kpi-change ${direction}`, title: previousText ? `Previous: ${previousText}` : null },
    h('span', { 'aria-hidden': 'true', text: arrow }), ' ',
    h('span', { class: 'visually-hidden', text: `${words} ` }),
    fmt.percent(Math.abs(change)), ' ', h('span', { class: 'muted', text: label }));
}

/**
 * A KPI card. `period` says what its figures cover: 'range' (the chosen range) or 'now' (members
 * as they are today, whatever the range): a card that ignores the range says so in its text.
 */
function kpiCard({ key, label, value, raw, change, previous, sub, showChange = true, period = 'range' }) {
  return h('article', {
    class: 'kpi card', 'data-kpi': key, 'data-period': period, 'data-value': raw === null || raw === undefined ? '' : String(raw),
  },
    h('h3', { class: 'kpi-label', text: label }),
    h('p', { class: 'kpi-value', text: value }),
    showChange ? changeLine(change, previous) : null,
    sub ? h('p', { class: 'kpi-sub muted', text: sub }) : null);
}

async function loadKpis() {
  const section = $('#kpis');
  const message = $('#kpis-message');
  const signal = state.controller.signal;
  section.dataset.state = 'loading';
  section.setAttribute('aria-busy', 'true');
  section.replaceChildren(...skeleton('kpis'));
  message.replaceChildren();
  try {
    const s = await state.client.get(companyPath('/user-metrics/summary/'),
      { date_from: state.range.from, date_to: state.range.to, compare: 'previous' }, { signal });
    if (signal.aborted) return;
    const change = s.change || {};
    const previous = s.previous || null;
    const prev = (key, format = fmt.number) => (previous ? format(previous[key]) : undefined);
    const active = s.active_users || {};
    const byStatus = s.users_by_status || {};
    // active_users.today/last_7/30_days and the member counts are "now", not the range: an empty
    // range's 0 must not sit unlabelled beside "Today 19".
    const todayLabel = fmt.day(dates.today(state.zone), false);
    section.replaceChildren(
      kpiCard({
        key: 'unique_users', label: 'Active users', value: fmt.number(s.unique_users), raw: s.unique_users,
        change: change.unique_users, previous: prev('unique_users'),
        sub: `Up to today (${todayLabel}), whatever the range: today ${fmt.number(active.today)} \u00B7 last 7 days ${fmt.number(active.last_7_days)} \u00B7 last 30 days ${fmt.number(active.last_30_days)}`,
      }),
      kpiCard({
        key: 'total_sessions', label: 'Sessions', value: fmt.number(s.total_sessions), raw: s.total_sessions,
        change: change.total_sessions, previous: prev('total_sessions'),
      }),
      kpiCard({
        key: 'avg_session_duration', label: 'Avg. session', value: fmt.duration(s.avg_session_duration),
        raw: fmt.seconds(s.avg_session_duration), change: change.avg_session_duration,
        previous: prev('avg_session_duration', fmt.duration),
      }),
      kpiCard({
        key: 'total_page_views', label: 'Page views', value: fmt.number(s.total_page_views), raw: s.total_page_views,
        change: change.total_page_views, previous: prev('total_page_views'),
      }),
      kpiCard({
        key: 'total_activity', label: 'Activity', value: fmt.number(s.total_activity), raw: s.total_activity,
        change: change.total_activity, previous: prev('total_activity'), sub: 'Events reported by agents',
      }),
      kpiCard({
        key: 'total_users', label: 'Members now', value: fmt.number(s.total_users), raw: s.total_users, showChange: false,
        period: 'now',
        sub: `Today (${todayLabel}), whatever the range: ${fmt.number(byStatus.active)} active \u00B7 ${fmt.number(byStatus.inactive)} inactive \u00B7 ${fmt.number(byStatus.pending)} pending`,
      }),
    );
    section.dataset.state = 'ready';
    section.setAttribute('aria-busy', 'false');
    state.hint.empty = !s.unique_users && !s.total_activity && !s.total_page_views && !s.total_sessions;
    suggestLatestData();
  } catch (error) {
    if (signal.aborted || error.name === 'AbortError' || error.status === 401) return;
    section.dataset.state = 'error';
    section.setAttribute('aria-busy', 'false');
    section.replaceChildren();
    message.replaceChildren(errorBox(error.status === undefined ? { status: -1, detail: error.message } : error, loadKpis));
  }
}

// ---------------------------------------------------------------------------------------------
// Charts.

function rangeParams() {
  return { date_from: state.range.from, date_to: state.range.to };
}

function loadDau() {
  return load('panel-dau', 'chart', async (p, signal) => {
    const r = await state.client.get(companyPath('/active-users'),
      { type: 'daily', ...rangeParams(), compare: 'previous' }, { signal });
    if (signal.aborted) return;
    const points = r.data || [];
    const values = points.map((d) => d.active_users);
    const meta = $('#dau-meta');
    if (!values.some((v) => v > 0)) {
      meta.textContent = '';
      return p.empty('No one was active in this range.');
    }
    // Today, when the range ends on it, has only just started: the average leaves it out.
    const partial = partialDay(points);
    const whole = partial ? values.slice(0, -1) : values;
    const average = whole.length ? whole.reduce((a, b) => a + b, 0) / whole.length : values[0];
    const peak = Math.max(...values);
    const peakDay = points[values.indexOf(peak)].date;
    const soFar = partial ? ` \u00B7 ${fmt.day(partial, false)} so far ${fmt.number(values[values.length - 1])}` : '';
    meta.textContent = `avg ${fmt.oneDecimal(average)} \u00B7 peak ${fmt.number(peak)}${soFar}`;
    p.section.dataset.partial = partial || '';
    if (!chartsAvailable()) return noCharts(p);
    const host = chartHost();
    // compare=previous: the equally long range just before, aligned by position.
    const previous = Array.isArray(r.previous) && r.previous.length ? r.previous : null;
    const previousLabel = previous
      ? `Previous period (${fmt.day(previous[0].date, false)} \u2013 ${fmt.day(previous[previous.length - 1].date)})` : null;
    const headers = previous ? ['Date', 'Active users', 'Previous date', 'Previous active users'] : ['Date', 'Active users'];
    const rows = points.map((d, i) => [d.date === partial ? `${d.date} (so far)` : d.date, d.active_users,
      ...(previous ? [previous[i] ? previous[i].date : '', previous[i] ? previous[i].active_users : ''] : [])]);
    p.ready(host, dataDetails('Daily active users', headers,
      rows.map((row) => row.map((cell, i) => (i && typeof cell === 'number' ? fmt.number(cell) : cell)))));
    setCsv('panel-dau', 'daily-active-users', headers, rows);
    p.section.dataset.previous = previous ? previousLabel : '';
    const series = [{ label: 'Active users', data: values, color: COLORS.accent, fill: COLORS.accentFill }];
    if (previous) {
      series.push({ label: previousLabel, data: points.map((d, i) => (previous[i] ? previous[i].active_users : null)), color: PREVIOUS_COLOR, dashed: true });
    }
    lineChart(host, {
      labels: points.map((d) => d.date),
      series,
      partialLast: Boolean(partial),
      label: `Daily active users, ${fmt.day(state.range.from)} to ${fmt.day(state.range.to)}: average ${fmt.oneDecimal(average)}, peak ${peak} on ${fmt.day(peakDay)}${partial ? `; today (${fmt.day(partial)}) so far ${values[values.length - 1]}, dashed` : ''}.`,
    });
  });
}

/** The last date of a daily series when it is today in the company's zone (a day under way). */
function partialDay(points) {
  const last = points.length > 1 ? points[points.length - 1].date : null;
  return last && last === dates.today(state.zone) ? last : null;
}

function loadStickiness() {
  return load('panel-stickiness', 'chart', async (p, signal) => {
    const r = await state.client.get(companyPath('/active-users/stickiness'), rangeParams(), { signal });
    if (signal.aborted) return;
    const points = r.data || [];
    const meta = $('#stickiness-meta');
    if (!points.some((d) => d.mau > 0)) {
      meta.textContent = '';
      return p.empty('No monthly active users in this range yet.');
    }
    const ratio = points.map((d) => (d.dau_mau_ratio === null || d.dau_mau_ratio === undefined ? null : d.dau_mau_ratio * 100));
    const weekly = points.map((d) => (d.mau > 0 ? (d.wau / d.mau) * 100 : null));
    const partial = partialDay(points);
    // As for daily active users: today's partial DAU/MAU stays out of the average.
    const known = (partial ? ratio.slice(0, -1) : ratio).filter((v) => v !== null);
    const average = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
    meta.textContent = `avg DAU/MAU ${average.toFixed(1)}%`;
    p.section.dataset.partial = partial || '';
    if (!chartsAvailable()) return noCharts(p);
    const host = chartHost();
    p.ready(host, dataDetails('Stickiness per day', ['Date', 'DAU', 'WAU', 'MAU', 'DAU/MAU'],
      points.map((d) => [d.date === partial ? `${d.date} (so far)` : d.date, fmt.number(d.dau), fmt.number(d.wau), fmt.number(d.mau), fmt.percent(d.dau_mau_ratio)])));
    setCsv('panel-stickiness', 'stickiness', ['date', 'dau', 'wau', 'mau', 'dau_mau_ratio'],
      points.map((d) => [d.date, d.dau, d.wau, d.mau, d.dau_mau_ratio]));
    lineChart(host, {
      labels: points.map((d) => d.date),
      series: [
        { label: 'DAU / MAU', data: ratio, color: COLORS.accent, fill: COLORS.accentFill },
        { label: 'WAU / MAU', data: weekly, color: COLORS.violet, dashed: true },
      ],
      label: `Stickiness: daily over monthly active users, average ${average.toFixed(1)} percent${partial ? '; today so far, dashed' : ''}.`,
      percentAxis: true,
      partialLast: Boolean(partial),
    });
  });
}

function loadStatus() {
  return load('panel-status', 'chart', async (p, signal) => {
    const r = await state.client.get(companyPath('/user-status-counts'), rangeParams(), { signal });
    if (signal.aborted) return;
    const counts = r.status_counts || {};
    const active = counts.active || [];
    const series = [
      ['Active', counts.active || [], COLORS.green],
      ['Inactive', counts.inactive || [], COLORS.slate],
      ['Pending', counts.pending || [], COLORS.amber],
    ];
    const meta = $('#status-meta');
    if (!series.some(([, points]) => points.some((d) => d.count > 0))) {
      meta.textContent = '';
      return p.empty('No members in this range.');
    }
    const last = (points) => (points.length ? points[points.length - 1].count : 0);
    meta.textContent = `on ${fmt.day(state.range.to, false)}: ${series.map(([name, points]) => `${fmt.number(last(points))} ${name.toLowerCase()}`).join(' \u00B7 ')}`;
    if (!chartsAvailable()) return noCharts(p);
    const host = chartHost();
    p.ready(host, dataDetails('Members by status per day', ['Date', 'Active', 'Inactive', 'Pending'],
      active.map((d, i) => [d.date, ...series.map(([, points]) => fmt.number(points[i] ? points[i].count : 0))])));
    setCsv('panel-status', 'members-by-status', ['date', 'active', 'inactive', 'pending'],
      active.map((d, i) => [d.date, ...series.map(([, points]) => (points[i] ? points[i].count : 0))]));
    lineChart(host, {
      labels: active.map((d) => d.date),
      series: series.map(([label, points, color]) => ({ label, data: points.map((d) => d.count), color })),
      label: `Members by status per day; at the end of the range ${meta.textContent.replace(/^on [^:]+: /, '')}.`,
    });
  });
}

function loadPages() {
  return load('panel-pages', 'table', async (p, signal) => {
    const start = dates.startOfDaySeconds(state.range.from, state.zone);
    const end = dates.startOfDaySeconds(dates.addDays(state.range.to, 1), state.zone) - 1;
    const r = await state.client.get(companyPath('/page-statistics'),
      { start_timestamp: start, end_timestamp: end, limit: 10 }, { signal });
    if (signal.aborted) return;
    const rows = r.page_statistics || [];
    const meta = $('#pages-meta');
    if (!rows.length) {
      meta.textContent = '';
      return p.empty('No page views in this range.');
    }
    meta.textContent = `${fmt.number(r.total_page_views)} views \u00B7 ${fmt.number(r.total_unique_users)} users`;
    const max = Math.max(...rows.map((row) => row.page_views), 1);
    p.ready(h('table', { class: 'pages-table' },
      h('caption', { class: 'visually-hidden', text: 'Most viewed pages in the range' }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: 'Path' }),
        h('th', { scope: 'col', class: 'num', text: 'Views' }),
        h('th', { scope: 'col', class: 'num', text: 'Users' }),
        h('th', { scope: 'col', class: 'num', text: 'Avg. time' }))),
      h('tbody', {}, rows.map((row, i) => h('tr', { 'data-path': row.path },
        h('th', { scope: 'row', class: 'path' },
          h('button', {
            type: 'button', class: 'path-text path-link', title: `${row.path}: views per day`, 'aria-expanded': 'false',
            'aria-controls': `page-trend-${i}`, text: row.path, onclick: (event) => togglePageTrend(event.currentTarget, row.path, i),
          }),
          h('span', { class: 'bar', 'aria-hidden': 'true' },
            h('span', { class: 'bar-fill', 'data-width': String(Math.round((row.page_views / max) * 100)) }))),
        h('td', { class: 'num', text: fmt.number(row.page_views) }),
        h('td', { class: 'num', text: fmt.number(row.unique_users) }),
        h('td', { class: 'num', text: fmt.millis(row.avg_duration_ms) }))))));
    // Widths through the CSSOM: the content security policy forbids inline style attributes.
    for (const bar of p.body.querySelectorAll('.bar-fill')) bar.style.width = `${bar.dataset.width}%`;
    setCsv('panel-pages', 'top-pages', ['path', 'page_views', 'unique_users', 'avg_duration_ms'],
      rows.map((row) => [row.path, row.page_views, row.unique_users, row.avg_duration_ms]));
  });
}

function loadFeatures() {
  return load('panel-features', 'chart', async (p, signal) => {
    const r = await state.client.get(companyPath('/insights/endpoints'),
      { start_date: state.range.from, end_date: state.range.to, limit: 100 }, { signal });
    if (signal.aborted) return;
    const byFeature = new Map();
    for (const item of r.items || []) {
      const name = item.feature || item.endpoint || 'Other';
      const entry = byFeature.get(name) || { label: name, value: 0, time: 0, endpoints: 0 };
      entry.value += item.count || 0;
      entry.time += (item.avg_response_time_ms || 0) * (item.count || 0);
      entry.endpoints += 1;
      byFeature.set(name, entry);
    }
    const rows = [...byFeature.values()].filter((row) => row.value > 0)
      .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label)).slice(0, 10);
    const meta = $('#features-meta');
    if (!rows.length) {
      meta.textContent = 'API requests by feature';
      return p.empty('No API usage recorded in this range.');
    }
    const total = rows.reduce((sum, row) => sum + row.value, 0);
    meta.textContent = `${fmt.number(total)} API requests in the top ${rows.length} features`;
    if (!chartsAvailable()) return noCharts(p);
    const host = chartHost();
    p.ready(host, dataDetails('API requests by feature', ['Feature', 'Requests', 'Avg. response'],
      rows.map((row) => [row.label, fmt.number(row.value), fmt.millis(Math.round(row.time / Math.max(row.value, 1)))])));
    setCsv('panel-features', 'feature-usage', ['feature', 'requests', 'avg_response_ms'],
      rows.map((row) => [row.label, row.value, Math.round(row.time / Math.max(row.value, 1))]));
    barChart(host, {
      rows,
      valueLabel: 'Requests',
      label: `API requests by feature: ${rows.slice(0, 3).map((row) => `${row.label} ${row.value}`).join(', ')}.`,
      tooltipExtra: (row) => `avg ${fmt.millis(Math.round(row.time / Math.max(row.value, 1)))} \u00B7 ${row.endpoints} endpoint(s)`,
    });
  });
}

/** A page's views and viewers per day over the range, under its row: POST /query filtered on the path. */
async function togglePageTrend(button, path, index) {
  const id = `page-trend-${index}`;
  const open = document.getElementById(id);
  if (open) {
    clearChart(open.querySelector('.spark-chart'));
    open.remove();
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  const chartBox = h('div', { class: 'spark-chart' }, h('div', { class: 'skeleton skeleton-spark', 'aria-hidden': 'true' }));
  const meta = h('p', { class: 'spark-meta muted', text: 'Loading the trend\u2026' });
  const row = h('tr', { class: 'spark-row', id, 'data-path': path },
    h('td', { colspan: '4' }, h('div', { class: 'spark', 'aria-live': 'polite' }, chartBox, meta)));
  button.closest('tr').after(row);
  button.setAttribute('aria-expanded', 'true');
  const signal = state.controller.signal;
  try {
    const r = await state.client.post(companyPath('/query'), {
      metrics: ['page_views', 'active_users'],
      date_range: [state.range.from, state.range.to],
      granularity: 'day',
      filters: [['is', 'path', [path]]],
      limit: 1000,
    }, { signal });
    if (signal.aborted || !row.isConnected) return;
    const points = r.results || [];
    const views = points.map((d) => d.metrics.page_views || 0);
    const total = views.reduce((a, b) => a + b, 0);
    row.dataset.state = 'ready';
    row.dataset.total = String(total);
    if (!total) {
      chartBox.replaceChildren();
      meta.textContent = `No views of ${path} in this range.`;
      return;
    }
    const peak = Math.max(...views);
    meta.textContent = `${path}: ${fmt.number(total)} views in the range, peak ${fmt.number(peak)} on ${fmt.day(points[views.indexOf(peak)].date)}.`;
    if (chartsAvailable()) {
      sparkline(chartBox, { labels: points.map((d) => d.date), data: views, label: `Views per day of ${meta.textContent}` });
    }
  } catch (error) {
    if (signal.aborted || error.name === 'AbortError' || error.status === 401) return;
    row.dataset.state = 'error';
    chartBox.replaceChildren();
    meta.replaceChildren(errorBox(error.status === undefined ? { status: -1, detail: error.message } : error));
  }
}

// ---------------------------------------------------------------------------------------------
// Panels below the first screen load when they come near the viewport: a look at the top of the
// page then costs the company 8 reads instead of 11 (its limit is 100 a minute, shared by every
// person and client of the company). A panel waiting to be seen shows its skeleton.

const lazy = { pending: new Map(), near: new Set(), observer: null };

function lazyLoad(id, kind, loader) {
  if (typeof window.IntersectionObserver !== 'function') {
    loader();
    return;
  }
  if (!lazy.observer) {
    lazy.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const key = entry.target.id;
        if (!entry.isIntersecting) {
          lazy.near.delete(key);
          continue;
        }
        lazy.near.add(key);
        const run = lazy.pending.get(key);
        if (run) {
          lazy.pending.delete(key);
          run();
        }
      }
    }, { rootMargin: '200px 0px' });
  }
  const section = document.getElementById(id);
  lazy.observer.observe(section); // observing twice is a no-op
  if (lazy.near.has(id)) {
    lazy.pending.delete(id);
    loader();
    return;
  }
  panel(id).loading(kind);
  lazy.pending.set(id, loader);
}

// ---------------------------------------------------------------------------------------------
// Breakdown, lifecycle and retention: the query-depth endpoints.

const DIMENSION_LABEL = { department: 'Department', role: 'Role', app: 'App' };

function loadBreakdown() {
  return load('panel-breakdown', 'table', async (p, signal) => {
    const by = state.by;
    $('#breakdown-by').value = by;
    // One typed query: distinct active members and summed activity per value of the dimension.
    const r = await state.client.post(companyPath('/query'), {
      metrics: ['active_users', 'activity'],
      date_range: [state.range.from, state.range.to],
      dimensions: [by],
      order_by: [['active_users', 'desc']],
      limit: 100,
    }, { signal });
    if (signal.aborted) return;
    const rows = (r.results || []).map((row) => ({
      label: row.dimensions[by] === null || row.dimensions[by] === undefined ? '(none)' : String(row.dimensions[by]),
      users: row.metrics.active_users || 0,
      activity: row.metrics.activity || 0,
    })).filter((row) => row.users > 0 || row.activity > 0);
    const meta = $('#breakdown-meta');
    p.section.dataset.by = by;
    if (!rows.length) {
      meta.textContent = '';
      return p.empty('No activity in this range.');
    }
    meta.textContent = `${rows.length} ${rows.length === 1 ? 'value' : 'values'}`;
    const max = Math.max(...rows.map((row) => row.users), 1);
    p.ready(h('table', { class: 'pages-table breakdown-table' },
      h('caption', { class: 'visually-hidden', text: `Active users and activity by ${by} in the range` }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: DIMENSION_LABEL[by] }),
        h('th', { scope: 'col', class: 'num', text: 'Active users' }),
        h('th', { scope: 'col', class: 'num', text: 'Activity' }))),
      h('tbody', {}, rows.map((row) => h('tr', { 'data-value': row.label },
        h('th', { scope: 'row', class: 'path' },
          h('span', { class: 'path-text', title: row.label, text: row.label }),
          h('span', { class: 'bar', 'aria-hidden': 'true' },
            h('span', { class: 'bar-fill', 'data-width': String(Math.round((row.users / max) * 100)) }))),
        h('td', { class: 'num', text: fmt.number(row.users) }),
        h('td', { class: 'num', text: fmt.number(row.activity) }))))));
    for (const bar of p.body.querySelectorAll('.bar-fill')) bar.style.width = `${bar.dataset.width}%`;
    setCsv('panel-breakdown', `breakdown-by-${by}`, [by, 'active_users', 'activity'],
      rows.map((row) => [row.label, row.users, row.activity]));
  });
}

const LIFECYCLE = [
  ['new', 'New', () => COLORS.green],
  ['returning', 'Returning', () => COLORS.accent],
  ['resurrecting', 'Resurrecting', () => COLORS.violet],
  ['dormant', 'Dormant', () => COLORS.slate],
];

function loadLifecycle() {
  return load('panel-lifecycle', 'chart', async (p, signal) => {
    const r = await state.client.get(companyPath('/active-users/lifecycle'), { ...rangeParams(), period: 'week' }, { signal });
    if (signal.aborted) return;
    const points = r.data || [];
    const meta = $('#lifecycle-meta');
    if (!points.some((d) => LIFECYCLE.some(([key]) => d[key] > 0))) {
      meta.textContent = '';
      return p.empty('No one was active in this range.');
    }
    const sum = (key) => points.reduce((total, d) => total + (d[key] || 0), 0);
    meta.textContent = `${fmt.number(sum('new'))} new \u00B7 ${fmt.number(sum('resurrecting'))} back \u00B7 ${fmt.number(sum('dormant'))} gone dormant`;
    if (!chartsAvailable()) return noCharts(p);
    const host = chartHost();
    const headers = ['Week of', ...LIFECYCLE.map(([, label]) => label)];
    p.ready(host, dataDetails('Members per week by lifecycle', headers,
      points.map((d) => [d.date, ...LIFECYCLE.map(([key]) => fmt.number(d[key] || 0))])));
    setCsv('panel-lifecycle', 'lifecycle', ['week', ...LIFECYCLE.map(([key]) => key)],
      points.map((d) => [d.date, ...LIFECYCLE.map(([key]) => d[key] || 0)]));
    stackedBars(host, {
      labels: points.map((d) => d.date),
      // Dormant members left: drawn below the axis, so growth and loss read apart.
      series: LIFECYCLE.map(([key, label, color]) => ({
        label, color: color(), data: points.map((d) => (key === 'dormant' ? -(d[key] || 0) : d[key] || 0)),
      })),
      label: `Members per week: ${meta.textContent}.`,
    });
  });
}

/** Heat classes for a share 0..1: fixed colour pairs whose text contrast is checked (styles.css). */
function heatClass(share) {
  if (share === null) return 'heat-none';
  return `heat-${Math.min(5, Math.floor(share * 5 + (share > 0 ? 1 : 0)))}`;
}

function loadCohorts() {
  return load('panel-cohorts', 'table', async (p, signal) => {
    const r = await state.client.get(companyPath('/cohorts/retention'), { ...rangeParams(), period: 'week' }, { signal });
    if (signal.aborted) return;
    const cohorts = (r.cohorts || []).filter((c) => c.size > 0);
    const meta = $('#cohorts-meta');
    if (!cohorts.length) {
      meta.textContent = '';
      return p.empty('No member had a first active week in this range.');
    }
    const width = Math.max(...cohorts.map((c) => c.retained.length));
    meta.textContent = `${cohorts.length} ${cohorts.length === 1 ? 'cohort' : 'cohorts'} \u00B7 ${fmt.number(cohorts.reduce((t, c) => t + c.size, 0))} members`;
    const weeks = Array.from({ length: width }, (_, k) => k);
    p.ready(h('div', { class: 'data-scroll' }, h('table', { class: 'heat-table' },
      h('caption', { class: 'visually-hidden', text: 'Share of each weekly cohort active in the weeks after its first active week' }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: 'First active week' }),
        h('th', { scope: 'col', class: 'num', text: 'Members' }),
        weeks.map((k) => h('th', { scope: 'col', class: 'num', text: `Week ${k}` })))),
      h('tbody', {}, cohorts.map((c) => h('tr', { 'data-cohort': c.cohort },
        h('th', { scope: 'row', text: fmt.day(c.cohort) }),
        h('td', { class: 'num', text: fmt.number(c.size) }),
        weeks.map((k) => {
          const kept = c.retained[k];
          if (kept === undefined) return h('td', { class: 'num heat-none', text: '' });
          const share = kept / c.size;
          return h('td', {
            class: `num ${heatClass(share)}`, 'data-retained': String(kept),
            title: `${fmt.number(kept)} of ${fmt.number(c.size)} active in week ${k}`,
            text: `${Math.round(share * 100)}%`,
          });
        })))))));
    setCsv('panel-cohorts', 'retention-weekly', ['cohort', 'size', ...weeks.map((k) => `week_${k}`)],
      cohorts.map((c) => [c.cohort, c.size, ...weeks.map((k) => (c.retained[k] === undefined ? '' : c.retained[k]))]));
  });
}

// ---------------------------------------------------------------------------------------------
// "Active now": refreshed every 30 s, only while the tab is visible (a hidden tab spends no reads).

const LIVE_EVERY_MS = 30_000;
const LIVE_WINDOW = 5;
const live = { timer: null, controller: null };

function stopLive() {
  clearInterval(live.timer);
  live.timer = null;
  if (live.controller) live.controller.abort();
  live.controller = null;
}

function startLive() {
  stopLive();
  if (!state.client || document.visibilityState !== 'visible' || $('#dashboard').hidden) return;
  refreshLive();
  live.timer = setInterval(refreshLive, LIVE_EVERY_MS);
}

async function refreshLive() {
  if (live.controller) live.controller.abort();
  const controller = new AbortController();
  live.controller = controller;
  const section = $('#panel-now');
  const value = $('#now-value');
  const meta = $('#now-meta');
  section.dataset.state = section.dataset.state === 'ready' ? 'ready' : 'loading';
  try {
    const r = await state.client.get(companyPath('/active-users/now'), { window_minutes: LIVE_WINDOW }, { signal: controller.signal });
    if (controller.signal.aborted) return;
    const minutes = r.per_minute || [];
    const asOf = (fmt.dateTimeParts(r.as_of, state.zone)[1] || '').replace(/^, /, '');
    value.textContent = `${fmt.number(r.active_users)} ${r.active_users === 1 ? 'member' : 'members'}`;
    meta.textContent = `active in the last ${r.window_minutes} min \u00B7 as of ${asOf}`;
    section.dataset.value = String(r.active_users);
    section.dataset.asOf = r.as_of || '';
    section.dataset.refreshes = String(Number(section.dataset.refreshes || 0) + 1);
    section.dataset.state = 'ready';
    const spark = $('#now-spark');
    if (chartsAvailable() && minutes.length) {
      sparkline(spark, {
        labels: minutes.map((m) => m.minute),
        data: minutes.map((m) => m.active_users),
        title: (minute) => (fmt.dateTimeParts(minute, state.zone)[1] || minute).replace(/^, /, ''),
        label: `Members active per minute over the last ${minutes.length} minutes, latest ${minutes[minutes.length - 1].active_users}.`,
      });
    }
  } catch (error) {
    if (controller.signal.aborted || error.name === 'AbortError' || error.status === 401) return;
    section.dataset.state = 'error';
    meta.textContent = error.status === 429 ? 'paused: rate limit reached, next try in 30 s' : `could not refresh: ${error.detail || error.message}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Member drill-down: a view of its own, in the URL (?member=…), so Back and shared links work.

const SOURCES = [
  ['chrome-activity-count', 'Chrome', () => COLORS.accent],
  ['edge-activity-count', 'Edge', () => COLORS.green],
  ['firefox-activity-count', 'Firefox', () => COLORS.amber],
  ['desktop-activity-count', 'Desktop', () => COLORS.violet],
  ['web-accessibility-activity-count', 'Web accessibility', () => COLORS.slate],
];

let memberController = null;

function fact(term, value) {
  return [h('dt', { text: term }), h('dd', { text: value })];
}

async function loadMember() {
  const id = state.view.member;
  if (memberController) memberController.abort();
  memberController = new AbortController();
  const signal = memberController.signal;
  const p = panel('panel-member');
  p.loading('chart');
  const { from, to } = state.range;
  const days = dates.daysInRange(from, to);
  // Daily buckets are limited to 90 days by the API: beyond, weekly is the finest it answers.
  let granularity = state.view.granularity;
  const dailyAllowed = days <= DAILY_ACTIVITY_LIMIT;
  if (granularity === 'daily' && !dailyAllowed) granularity = 'weekly';
  for (const button of document.querySelectorAll('#member-view [data-granularity]')) {
    button.setAttribute('aria-pressed', String(button.dataset.granularity === granularity));
    button.disabled = button.dataset.granularity === 'daily' && !dailyAllowed;
  }
  $('#member-range').textContent = `${fmt.day(from)} \u2013 ${fmt.day(to)} (${days} ${days === 1 ? 'day' : 'days'}), ${granularity}. Days in ${state.zone}.`;
  const view = $('#member-view');
  view.dataset.member = id;
  view.dataset.granularity = granularity;
  try {
    let user = state.view.user && state.view.user.user_id === id ? state.view.user : null;
    if (!user) {
      // Opened from a link: the member's profile, then its row of the user table for the range.
      const member = await state.client.get(companyPath(`/members/${encodeURIComponent(id)}`), null, { signal });
      const rows = await state.client.get(companyPath('/user-metrics/'),
        { ...rangeParams(), search: member.email, page_size: PAGE_SIZE }, { signal });
      user = (rows.results || []).find((u) => u.user_id === id) || { ...member };
      state.view.user = user;
    }
    if (signal.aborted) return;
    $('#member-title').textContent = fmt.fullName(user);
    $('#member-facts').replaceChildren(
      ...fact('Email', user.email || fmt.DASH),
      ...fact('Status', STATUS_LABEL[user.status] || user.status || fmt.DASH),
      ...fact('Role', user.role || fmt.DASH),
      ...fact('Department', user.department || fmt.DASH),
      ...fact('Last active', user.last_active ? fmt.dateTime(user.last_active, state.zone) : fmt.DASH),
      ...fact('Sessions in the range', user.total_sessions === undefined ? fmt.DASH : fmt.number(user.total_sessions)),
      ...fact('Avg. session', user.avg_session_duration === undefined ? fmt.DASH : fmt.duration(user.avg_session_duration)));
    // One series per source (the API's per-source metrics), stacked: their sum is the total.
    const answers = await Promise.all(SOURCES.map(([metric]) => state.client.get(
      companyPath(`/users/${encodeURIComponent(id)}/activity`),
      { metric, granularity, start_date: from, end_date: to }, { signal })));
    if (signal.aborted) return;
    const labels = (answers[0].data || []).map((d) => d.date);
    const values = answers.map((a) => (a.data || []).map((d) => d.value || 0));
    const totals = labels.map((_, i) => values.reduce((sum, series) => sum + (series[i] || 0), 0));
    const total = totals.reduce((a, b) => a + b, 0);
    view.dataset.total = String(total);
    const meta = $('#member-meta');
    if (!total) {
      meta.textContent = '';
      return p.empty(`No activity reported for ${fmt.fullName(user)} in this range.`);
    }
    meta.textContent = `${fmt.number(total)} in total`;
    if (!chartsAvailable()) return noCharts(p);
    const host = chartHost();
    const headers = ['Date', ...SOURCES.map(([, label]) => label), 'Total'];
    p.ready(host, dataDetails(`Activity of ${fmt.fullName(user)} by source`, headers,
      labels.map((date, i) => [date, ...values.map((series) => fmt.number(series[i] || 0)), fmt.number(totals[i])])));
    setCsv('panel-member', `activity-${id}-${granularity}`, ['date', ...SOURCES.map(([metric]) => metric), 'total'],
      labels.map((date, i) => [date, ...values.map((series) => series[i] || 0), totals[i]]));
    stackedBars(host, {
      labels,
      series: SOURCES.map(([, label, color], k) => ({ label, color: color(), data: values[k] })),
      label: `${granularity} activity of ${fmt.fullName(user)} by source: ${fmt.number(total)} in total.`,
    });
  } catch (error) {
    if (signal.aborted || error.name === 'AbortError' || error.status === 401) return;
    p.error(error.status === undefined ? { status: -1, detail: error.message } : error, loadMember);
  }
}

/** Opens a member's view from a table row: a new history entry, so Back returns here. */
function openMember(user) {
  state.view = { member: user.user_id, user, granularity: state.view.granularity || 'daily' };
  writeUrl(true, { fromOverview: true });
  showView();
  $('#member-title').focus();
}

/** Shows the overview or the member view, loading only what the shown one needs. */
function showView() {
  const member = state.view.member;
  $('#dashboard').hidden = Boolean(member);
  $('#member-view').hidden = !member;
  if (member) {
    stopLive();
    loadMember();
    return;
  }
  if (memberController) memberController.abort();
  if (state.loadedKey !== loadKey()) loadAll();
  else if (!live.timer) startLive();
}

// ---------------------------------------------------------------------------------------------
// URL state: the query string says what is shown (urlstate.js); the fragment only ever carries a
// sign-in link's token, which is removed at once.

function urlState() {
  return {
    company: state.companyId,
    preset: state.range.preset,
    from: state.range.from,
    to: state.range.to,
    ordering: state.table.ordering,
    search: state.table.search,
    status: state.table.status,
    by: state.by,
    member: state.view.member,
    granularity: state.view.granularity,
  };
}

/** Writes the state to the address bar: a new entry for a new view or range, else in place. */
function writeUrl(push = false, entry = null) {
  const target = `${window.location.pathname}${url.serialize(urlState())}`;
  if (target === `${window.location.pathname}${window.location.search}` && !window.location.hash) return;
  if (push) window.history.pushState(entry, '', target);
  else window.history.replaceState(window.history.state, '', target);
}

/** The range from a parsed URL: a preset, else from/to, else the default preset. */
function rangeFromUrl(u) {
  if (u.preset) return presetRange(u.preset);
  if (u.from && u.to && dates.daysInRange(u.from, u.to) <= MAX_RANGE_DAYS) {
    return { days: dates.daysInRange(u.from, u.to), from: u.from, to: u.to, preset: null };
  }
  return presetRange(url.DEFAULT_PRESET);
}

/** Back / Forward: show what the URL says, reloading only what changed. */
function onPopState() {
  if (!state.client) return;
  const u = url.parse(window.location.search);
  if (u.company && u.company !== state.companyId) {
    start(state.token, u.company);
    return;
  }
  const range = rangeFromUrl(u);
  const tableChanged = u.ordering !== state.table.ordering || u.search !== state.table.search || u.status !== state.table.status;
  const byChanged = u.by !== state.by;
  state.range = range;
  state.table = { ...state.table, ordering: u.ordering, search: u.search, status: u.status };
  state.by = u.by;
  state.view = { member: u.member, user: state.view.member === u.member ? state.view.user : null, granularity: u.granularity };
  $('#users-search').value = u.search;
  $('#users-status').value = u.status;
  showRange();
  if (!u.member && state.loadedKey === loadKey()) {
    if (tableChanged) loadUsers();
    if (byChanged) lazyLoad('panel-breakdown', 'table', loadBreakdown);
  }
  showView();
}

function loadKey() {
  return `${state.companyId}|${state.range.from}|${state.range.to}`;
}

// ---------------------------------------------------------------------------------------------
// Company switcher: GET /me/companies (not counted against any company's read limit).

function renderSwitcher() {
  const select = $('#company-switch');
  const list = state.companies;
  select.hidden = list.length < 2;
  $('#company-name').hidden = list.length >= 2;
  select.replaceChildren(...list.map((c) => h('option', {
    value: c.company_id, selected: c.company_id === state.companyId, text: `${c.name}${c.role ? ` (${c.role})` : ''}`,
  })));
  select.value = state.companyId;
}

function switchCompany(companyId) {
  if (!companyId || companyId === state.companyId) return;
  // A new company starts on its overview with the same range; filters and drill-down are per company.
  state.companyId = companyId;
  state.table = { ordering: '-last_active', search: '', status: '', link: null };
  state.view = { member: null, user: null, granularity: state.view.granularity };
  writeUrl(true);
  start(state.token, companyId);
}

// ---------------------------------------------------------------------------------------------
// The user table: sorted, searched and paged by the API (ordering, search, status, next/previous).

const STATUS_LABEL = { active: 'Active', inactive: 'Inactive', pending: 'Pending' };

function sortState() {
  const field = state.table.ordering.replace(/^-/, '');
  const direction = state.table.ordering.startsWith('-') ? 'descending' : 'ascending';
  for (const th of document.querySelectorAll('#users-table th[data-ordering-field]')) {
    th.setAttribute('aria-sort', th.dataset.orderingField === field ? direction : 'none');
  }
}

/**
 * Visible columns of the user table. Narrow screens hide some columns; a full-width row (skeleton,
 * empty state, sparkline) must span exactly the visible ones, or the fixed layout invents columns.
 */
function columnCount() {
  const count = [...document.querySelectorAll('#users-table thead th')]
    .filter((th) => getComputedStyle(th).display !== 'none').length;
  return String(count || 10);
}

function spanAll(attributes = {}) {
  return { ...attributes, colspan: columnCount(), 'data-span-all': '' };
}

function pageOf(link) {
  if (!link) return 1;
  const page = Number(new URL(link, window.location.href).searchParams.get('page'));
  return Number.isInteger(page) && page > 0 ? page : 1;
}

function instant(iso) {
  const [date, time] = fmt.dateTimeParts(iso, state.zone);
  return [h('span', { class: 'd-date', text: date }), time ? h('span', { class: 'd-time', text: time }) : null];
}

function userRow(user) {
  const sparkId = `spark-${user.user_id}`;
  const toggle = h('button', {
    type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', 'aria-controls': sparkId,
    'aria-label': `Activity of ${fmt.fullName(user)}`, text: 'Activity',
  });
  const row = h('tr', { 'data-user-id': user.user_id },
    h('td', { class: 'user' },
      h('a', {
        class: 'user-name member-link', href: `${window.location.pathname}${url.serialize({ ...urlState(), member: user.user_id })}`,
        onclick: (event) => {
          // A plain click opens the view in place; a modified click (new tab) follows the link.
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          openMember(user);
        },
        text: fmt.fullName(user),
      }),
      h('span', { class: 'user-email muted', text: user.email || '' })),
    h('td', { class: 'opt2' }, h('span', { class: `badge status-${user.status}`, text: STATUS_LABEL[user.status] || user.status || fmt.DASH })),
    h('td', { class: 'opt cap', text: user.role || fmt.DASH }),
    h('td', { class: 'opt', text: user.department || fmt.DASH }),
    h('td', { title: user.last_active || '' }, instant(user.last_active)),
    h('td', { class: 'num', text: fmt.number(user.total_sessions) }),
    h('td', { class: 'num opt', text: fmt.number(user.sessions_this_month) }),
    h('td', { class: 'num opt2', title: user.avg_session_duration || '', text: fmt.duration(user.avg_session_duration) }),
    h('td', { class: 'opt', title: user.last_login || '' }, instant(user.last_login)),
    h('td', { class: 'act' }, toggle));
  toggle.addEventListener('click', () => toggleSparkline(row, toggle, user, sparkId));
  return row;
}

async function toggleSparkline(row, toggle, user, sparkId) {
  const open = document.getElementById(sparkId);
  if (open) {
    clearChart(open.querySelector('.spark-chart'));
    open.remove();
    toggle.setAttribute('aria-expanded', 'false');
    return;
  }
  const chartBox = h('div', { class: 'spark-chart' }, h('div', { class: 'skeleton skeleton-spark', 'aria-hidden': 'true' }));
  const meta = h('p', { class: 'spark-meta muted', text: 'Loading activity\u2026' });
  const detail = h('tr', { class: 'spark-row', id: sparkId },
    h('td', spanAll(), h('div', { class: 'spark', 'aria-live': 'polite' }, chartBox, meta)));
  row.after(detail);
  toggle.setAttribute('aria-expanded', 'true');
  const days = dates.daysInRange(state.range.from, state.range.to);
  const granularity = days > DAILY_ACTIVITY_LIMIT ? 'weekly' : 'daily';
  const signal = state.controller.signal;
  try {
    const r = await state.client.get(companyPath(`/users/${encodeURIComponent(user.user_id)}/activity`), {
      metric: 'activity-count', granularity, start_date: state.range.from, end_date: state.range.to,
    }, { signal });
    if (signal.aborted || !detail.isConnected) return;
    const points = r.data || [];
    const total = points.reduce((sum, d) => sum + (d.value || 0), 0);
    detail.dataset.state = 'ready';
    if (!total) {
      chartBox.replaceChildren();
      meta.textContent = `No activity reported for ${fmt.fullName(user)} in this range.`;
      return;
    }
    const peak = points.reduce((best, d) => (d.value > best.value ? d : best), points[0]);
    meta.textContent = `${r.label || 'Total activity'}: ${fmt.number(total)} in the range (${granularity}), peak ${fmt.number(peak.value)} ${granularity === 'daily' ? 'on' : 'in the week of'} ${fmt.day(peak.date)}.`;
    if (chartsAvailable()) {
      sparkline(chartBox, {
        labels: points.map((d) => d.date), data: points.map((d) => d.value),
        label: `${granularity === 'daily' ? 'Daily' : 'Weekly'} activity of ${fmt.fullName(user)}: ${meta.textContent}`,
      });
    }
  } catch (error) {
    if (signal.aborted || error.name === 'AbortError' || error.status === 401) return;
    detail.dataset.state = 'error';
    chartBox.replaceChildren();
    meta.replaceChildren(errorBox(error));
  }
}

async function loadUsers({ link = null } = {}) {
  if (state.tableController) state.tableController.abort();
  const controller = new AbortController();
  state.tableController = controller;
  const outer = state.controller.signal;
  const signal = AbortSignal.any ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  const table = $('#users-table');
  const body = $('#users-body');
  const message = $('#users-message');
  const section = $('#panel-users');
  section.dataset.state = 'loading';
  table.setAttribute('aria-busy', 'true');
  message.replaceChildren();
  sortState();
  $('#users-prev').disabled = true;
  $('#users-next').disabled = true;
  body.replaceChildren(...Array.from({ length: 5 }, () => h('tr', { class: 'skeleton-row', 'aria-hidden': 'true' },
    h('td', spanAll(), h('span', { class: 'skeleton skeleton-line' })))));
  try {
    const r = link
      ? await state.client.get(link, null, { signal })
      : await state.client.get(companyPath('/user-metrics/'), {
        ...rangeParams(), ordering: state.table.ordering, search: state.table.search,
        status: state.table.status, page: 1, page_size: PAGE_SIZE,
      }, { signal });
    if (signal.aborted) return;
    state.table.link = link;
    if (!state.view.member) writeUrl();
    const results = r.results || [];
    const page = pageOf(link);
    const pages = Math.max(1, Math.ceil((r.count || 0) / PAGE_SIZE));
    body.replaceChildren(...(results.length
      ? results.map(userRow)
      : [h('tr', { class: 'empty-row' }, h('td', spanAll(),
        emptyBox(state.table.search || state.table.status ? 'No members match this search.' : 'No members yet.')))]));
    $('#users-page-label').textContent = `Page ${page} of ${pages} \u00B7 ${fmt.number(r.count)} ${r.count === 1 ? 'user' : 'users'}`;
    table.dataset.page = String(page);
    if (!link && state.table.ordering === '-last_active' && !state.table.search && !state.table.status) {
      // Ordered by last activity (nulls last), the first row is the company's latest activity.
      const latest = results.length ? results[0].last_active : null;
      state.hint.latest = latest ? dates.dateIn(latest, state.zone) : null;
      suggestLatestData();
    }
    table.dataset.ordering = state.table.ordering;
    bindPager('#users-prev', r.previous);
    bindPager('#users-next', r.next);
    section.dataset.state = results.length ? 'ready' : 'empty';
  } catch (error) {
    if (signal.aborted || error.name === 'AbortError' || error.status === 401) return;
    section.dataset.state = 'error';
    body.replaceChildren();
    $('#users-page-label').textContent = '';
    const retry = () => loadUsers({ link });
    if (error.code === 'invalid_page') {
      message.replaceChildren(errorBox(error), h('button', { type: 'button', class: 'btn btn-small', text: 'Back to page 1', onclick: () => loadUsers() }));
    } else {
      message.replaceChildren(errorBox(error, retry));
    }
  } finally {
    if (state.tableController === controller) table.setAttribute('aria-busy', 'false');
  }
}

function bindPager(selector, link) {
  const button = $(selector);
  button.disabled = !link;
  button.onclick = link ? () => loadUsers({ link }) : null;
}

function sortBy(field) {
  const current = state.table.ordering;
  if (current === field) state.table.ordering = `-${field}`;
  else if (current === `-${field}`) state.table.ordering = field;
  else state.table.ordering = field === 'email' ? field : `-${field}`;
  loadUsers();
}

async function exportCsv() {
  const button = $('#users-export');
  const message = $('#users-message');
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = 'Exporting\u2026';
  message.replaceChildren();
  try {
    const { blob, filename } = await state.client.download(companyPath('/user-metrics/export/'), {
      ...rangeParams(), ordering: state.table.ordering, search: state.table.search, status: state.table.status,
    }, { signal: state.controller.signal });
    const href = URL.createObjectURL(blob);
    const anchor = h('a', { href, download: filename || `user-metrics_${state.range.from}_${state.range.to}.csv`, class: 'visually-hidden' });
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
    message.replaceChildren(h('p', { class: 'ok-line', text: `Saved ${anchor.download}.` }));
  } catch (error) {
    if (error.name === 'AbortError' || error.status === 401) return;
    message.replaceChildren(errorBox(error.status === undefined ? { status: -1, detail: error.message } : error));
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = 'Export CSV';
  }
}

// ---------------------------------------------------------------------------------------------
// Date range.

/**
 * When the range holds no activity but there is some outside it (a demo dataset pinned to a past
 * end date, a range picked in the future), offer the equally long range ending on the latest day.
 */
function suggestLatestData() {
  const box = $('#range-hint');
  const { empty, latest } = state.hint;
  const { from, to, days } = state.range;
  if (!empty || !latest || (latest >= from && latest <= to)) {
    box.hidden = true;
    return;
  }
  $('#range-hint-text').textContent = `No activity in this range. The latest activity is on ${fmt.day(latest)}.`;
  const button = $('#range-hint-apply');
  button.textContent = `Show the ${days} days up to ${fmt.day(latest)}`;
  button.onclick = () => {
    state.range = { days, from: dates.addDays(latest, -(days - 1)), to: latest, preset: null };
    showRange();
    writeUrl(true);
    loadAll();
  };
  box.hidden = false;
}

function presetRange(preset) {
  const [from, to] = url.PRESETS[preset].range(dates.today(state.zone));
  return { days: dates.daysInRange(from, to), from, to, preset };
}

function setPreset(preset) {
  state.range = presetRange(url.PRESETS[preset] ? preset : url.DEFAULT_PRESET);
  showRange();
}

/** The user table's sessions_this_month is the current calendar month, not the range: name it. */
function labelThisMonth() {
  const [y, m] = dates.today(state.zone).split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1));
  const month = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short' }).format(first);
  const th = $('#users-this-month');
  th.textContent = `This month (${month})`; // short: the column is narrow
  th.title = `Sessions in ${month} ${y}, the current calendar month, whatever the range`;
}

function showRange() {
  const { from, to, days } = state.range;
  $('#range-from').value = from;
  $('#range-to').value = to;
  // No min/max between the two fields: a max on From taken from the old To blocked moving the
  // range forward (From past the old To is invalid until To is changed too, and the browser then
  // refused the form). applyCustomRange checks the order of the two dates itself.
  for (const button of document.querySelectorAll('.presets [data-preset]')) {
    button.setAttribute('aria-pressed', String(button.dataset.preset === state.range.preset));
  }
  const previousTo = dates.addDays(from, -1);
  const previousFrom = dates.addDays(previousTo, -(days - 1));
  $('#range-label').textContent = `${fmt.day(from)} \u2013 ${fmt.day(to)} (${days} ${days === 1 ? 'day' : 'days'}), `
    + `compared with ${fmt.day(previousFrom)} \u2013 ${fmt.day(previousTo)}. Days and times in ${state.zone}.`;
  labelThisMonth();
  const dashboard = $('#dashboard');
  dashboard.dataset.from = from;
  dashboard.dataset.to = to;
}

function applyCustomRange(event) {
  event.preventDefault();
  const from = $('#range-from').value;
  const to = $('#range-to').value;
  const problem = !dates.isDate(from) || !dates.isDate(to) ? 'Enter both dates.'
    : from > to ? 'The start date must not be after the end date.'
      : dates.daysInRange(from, to) > MAX_RANGE_DAYS ? `A range can span at most ${MAX_RANGE_DAYS} days.` : null;
  if (problem) {
    showNotice(problem, 'error');
    $('#range-from').focus();
    return;
  }
  hideNotice();
  state.range = { days: dates.daysInRange(from, to), from, to, preset: null };
  showRange();
  writeUrl(true);
  loadAll();
}

// ---------------------------------------------------------------------------------------------
// Sign-in, sign-out and start.

function stripBearer(token) {
  return (token || '').trim().replace(/^Bearer\s+/i, '').trim();
}

function abortAll() {
  stopLive();
  if (memberController) memberController.abort();
  if (state.controller) state.controller.abort();
  if (state.tableController) state.tableController.abort();
  state.controller = new AbortController();
}

function showSignIn(error, focus = 'token') {
  abortAll();
  $('#dashboard').hidden = true;
  $('#member-view').hidden = true;
  $('#session').hidden = true;
  $('#signin').hidden = false;
  $('#token').value = sessionStorage.getItem(KEYS.token) || '';
  // A shared link names its company in the query string: offer that one first.
  $('#company').value = url.parse(window.location.search).company
    || sessionStorage.getItem(KEYS.current) || localStorage.getItem(KEYS.remembered) || '';
  const box = $('#signin-error');
  box.hidden = !error;
  box.textContent = error || '';
  const field = focus === 'company' ? $('#company') : $('#token');
  field.setAttribute('aria-invalid', error ? 'true' : 'false');
  if (focus === 'company') $('#token').removeAttribute('aria-invalid');
  field.focus();
}

function signOut(message) {
  sessionStorage.removeItem(KEYS.token);
  sessionStorage.removeItem(KEYS.current);
  state.token = null;
  state.client = null;
  hideNotice();
  resetDashboard();
  showSignIn(message);
}

/** Clears every panel so the next sign-in never shows the previous person's figures. */
function resetDashboard() {
  for (const id of ['panel-dau', 'panel-stickiness', 'panel-status', 'panel-pages', 'panel-features',
    'panel-breakdown', 'panel-lifecycle', 'panel-cohorts', 'panel-member']) {
    const p = panel(id);
    clearChart(p.body);
    p.body.replaceChildren();
    clearCsv(id);
  }
  clearChart($('#now-spark'));
  $('#now-spark').replaceChildren();
  $('#now-value').textContent = fmt.DASH;
  $('#now-meta').textContent = '';
  $('#member-facts').replaceChildren();
  state.loadedKey = null;
  lazy.pending.clear();
  state.view = { member: null, user: null, granularity: 'daily' };
  $('#kpis').replaceChildren();
  $('#kpis-message').replaceChildren();
  $('#users-body').replaceChildren();
  $('#users-message').replaceChildren();
  $('#users-page-label').textContent = '';
}

/** Checks a token and company before using them; returns an error text or null. */
function validateSignIn(token, companyId) {
  if (!token) return ['Paste a bearer token.', 'token'];
  const claims = jwtClaims(token);
  if (!claims) return ['This does not look like a JWT (three dot-separated parts).', 'token'];
  if (Number.isFinite(claims.exp) && claims.exp * 1000 < Date.now() - 60_000) {
    return [`This token expired on ${new Date(claims.exp * 1000).toISOString().replace('T', ' ').slice(0, 16)} UTC.`, 'token'];
  }
  if (!companyId) return ['Enter the company id: this token has no company_id claim.', 'company'];
  if (!UUID.test(companyId)) return ['The company id must be a UUID.', 'company'];
  return null;
}

function onSignInSubmit(event) {
  event.preventDefault();
  const token = stripBearer($('#token').value);
  const claims = jwtClaims(token);
  const companyId = $('#company').value.trim() || (claims && claims.company_id) || '';
  const problem = validateSignIn(token, companyId);
  if (problem) {
    showSignIn(problem[0], problem[1]);
    $('#token').value = token;
    return;
  }
  sessionStorage.setItem(KEYS.token, token);
  start(token, companyId);
}

/** When the pasted token names its company, fill the field with it. */
function onTokenInput() {
  const claims = jwtClaims(stripBearer($('#token').value));
  if (claims && typeof claims.company_id === 'string' && UUID.test(claims.company_id)) {
    $('#company').value = claims.company_id;
  }
}

async function start(token, companyId) {
  state.token = token;
  state.claims = jwtClaims(token) || {};
  state.companyId = companyId;
  state.signedOut = false;
  state.role = null;
  state.companyName = null;
  // A link's query string (or Back/Forward) says what to show, when it is about this company.
  const u = url.parse(window.location.search);
  const fromUrl = !u.company || u.company === companyId;
  state.table = fromUrl
    ? { ordering: u.ordering, search: u.search, status: u.status, link: null }
    : { ordering: '-last_active', search: '', status: '', link: null };
  state.by = fromUrl ? u.by : 'department';
  state.view = { member: fromUrl ? u.member : null, user: null, granularity: fromUrl ? u.granularity : 'daily' };
  state.loadedKey = null;
  sessionStorage.setItem(KEYS.current, companyId);
  localStorage.setItem(KEYS.remembered, companyId);
  abortAll();
  state.client = createClient({
    token,
    onUnauthorized(error) {
      if (state.signedOut) return;
      state.signedOut = true;
      signOut(`Signed out: ${error.detail} Paste a new token to continue.`);
    },
    onRateLimited: rateLimited,
  });

  $('#signin').hidden = true;
  $('#dashboard').hidden = false;
  $('#session').hidden = false;
  $('#company-name').textContent = companyId;
  $('#company-name').title = companyId;
  $('#role-badge').hidden = true;
  $('#users-export').hidden = true;
  $('#users-search').value = state.table.search;
  $('#users-status').value = state.table.status;
  $('#breakdown-by').value = state.by;
  $('#company-switch').hidden = true;
  $('#company-name').hidden = false;
  hideNotice();

  const signal = state.controller.signal;
  // The caller's companies with name, zone and role in one request that no company's read limit
  // counts; when it cannot answer (or lacks this company) the company and member reads stand in.
  let mine = null;
  try {
    const r = await state.client.get('/api/v2/me/companies', null, { signal });
    state.companies = r.results || [];
    mine = state.companies.find((c) => c.company_id === companyId) || null;
  } catch (error) {
    if (signal.aborted || error.name === 'AbortError' || error.status === 401) return;
    state.companies = [];
  }
  if (signal.aborted) return;
  if (mine) {
    state.companyName = mine.name || null;
    state.zone = mine.timezone && dates.validZone(mine.timezone) ? mine.timezone : dates.browserZone();
    $('#company-name').textContent = mine.name || companyId;
    $('#dashboard-title').textContent = mine.name ? `${mine.name} overview` : 'Overview';
    showRole(mine.role || null);
    renderSwitcher();
    openFirstView(fromUrl ? u : null);
    return;
  }
  const role = loadRole(signal);
  try {
    const company = await state.client.get(companyPath(), null, { signal });
    if (signal.aborted) return;
    state.companyName = company.name || null;
    if (company.timezone && dates.validZone(company.timezone)) state.zone = company.timezone;
    $('#company-name').textContent = company.name || companyId;
    $('#dashboard-title').textContent = company.name ? `${company.name} overview` : 'Overview';
  } catch (error) {
    if (signal.aborted || error.name === 'AbortError' || error.status === 401) return;
    if (error.status === 404) {
      sessionStorage.removeItem(KEYS.current);
      showSignIn(`${error.detail} Check the company id: you must be an active member of it.`, 'company');
      return;
    }
    // Not fatal: go on in the browser's zone, each panel will show its own error if it persists.
    state.zone = dates.browserZone();
  }
  await role;
  if (signal.aborted) return;
  openFirstView(fromUrl ? u : null);
}

/** After sign-in or a switch: the URL's range (or the current preset) and view, then the URL. */
function openFirstView(u) {
  state.range = u ? rangeFromUrl(u) : presetRange(state.range.preset || url.DEFAULT_PRESET);
  showRange();
  writeUrl();
  showView();
}

function showRole(role) {
  state.role = role;
  const badge = $('#role-badge');
  badge.textContent = role || '';
  badge.hidden = !role;
  $('#users-export').hidden = !(role === 'admin' || role === 'owner');
}

/** The caller's role decides whether the admin-only CSV export is offered. */
async function loadRole(signal) {
  const sub = state.claims.sub;
  if (typeof sub !== 'string' || !UUID.test(sub)) return;
  try {
    const member = await state.client.get(companyPath(`/members/${encodeURIComponent(sub)}`), null, { signal });
    if (signal.aborted) return;
    showRole(member.role || null);
  } catch {
    // Unknown role: no export button; every read still works for members.
  }
}

function loadAll() {
  abortAll();
  state.hint = { empty: null, latest: null };
  $('#range-hint').hidden = true;
  loadKpis();
  loadDau();
  loadStickiness();
  loadStatus();
  loadPages();
  loadFeatures();
  lazyLoad('panel-breakdown', 'table', loadBreakdown);
  lazyLoad('panel-lifecycle', 'chart', loadLifecycle);
  lazyLoad('panel-cohorts', 'table', loadCohorts);
  state.table.link = null;
  loadUsers();
  state.loadedKey = loadKey();
  startLive();
}

/** A link like /dashboard/#token=<jwt>&company=<uuid> signs in; the fragment is then removed. */
function readFragment() {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash) return null;
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  const company = params.get('company');
  if (!token && !company) return null;
  if (token) sessionStorage.setItem(KEYS.token, stripBearer(token));
  if (company) sessionStorage.setItem(KEYS.current, company.trim());
  // The token must not stay in the address bar, the history or a bookmark.
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return { token: token ? stripBearer(token) : null, company: company ? company.trim() : null };
}

function boot() {
  // Older versions kept an API base here, taken from the link or the form, and sent the token to
  // it. The page now only talks to its own origin (the CSP's connect-src is 'self' as well).
  sessionStorage.removeItem('analytics.dashboard.api');
  const fragment = readFragment();
  const token = sessionStorage.getItem(KEYS.token);
  if (!token) {
    showSignIn(null, 'token');
    return;
  }
  const claims = jwtClaims(token) || {};
  const companyId = (fragment && fragment.company)
    || url.parse(window.location.search).company
    || sessionStorage.getItem(KEYS.current)
    || (typeof claims.company_id === 'string' ? claims.company_id : '')
    || localStorage.getItem(KEYS.remembered)
    || '';
  const problem = validateSignIn(token, companyId);
  if (problem) {
    showSignIn(problem[0], problem[1]);
    return;
  }
  start(token, companyId);
}

function wire() {
  $('#signin-form').addEventListener('submit', onSignInSubmit);
  $('#token').addEventListener('input', onTokenInput);
  $('#sign-out').addEventListener('click', () => signOut(null));
  $('#change-company').addEventListener('click', () => {
    hideNotice();
    resetDashboard();
    showSignIn(null, 'company');
  });
  $('#notice-close').addEventListener('click', hideNotice);
  $('#range-form').addEventListener('submit', applyCustomRange);
  for (const button of document.querySelectorAll('.range .presets [data-preset]')) {
    button.addEventListener('click', () => {
      hideNotice();
      setPreset(button.dataset.preset);
      writeUrl(true);
      loadAll();
    });
  }
  for (const button of document.querySelectorAll('#member-view [data-granularity]')) {
    button.addEventListener('click', () => {
      state.view.granularity = button.dataset.granularity;
      writeUrl();
      loadMember();
    });
  }
  $('#member-back').addEventListener('click', (event) => {
    event.preventDefault();
    // Opened from the overview: go back in history (Forward then reopens it); from a link: replace.
    if (window.history.state && window.history.state.fromOverview) {
      window.history.back();
      return;
    }
    state.view = { ...state.view, member: null, user: null };
    writeUrl(true);
    showView();
  });
  $('#breakdown-by').addEventListener('change', (event) => {
    state.by = event.target.value;
    writeUrl();
    lazy.pending.delete('panel-breakdown');
    loadBreakdown();
  });
  $('#company-switch').addEventListener('change', (event) => switchCompany(event.target.value));
  for (const button of document.querySelectorAll('button[data-csv]')) {
    button.addEventListener('click', () => downloadCsv(button.dataset.csv));
  }
  window.addEventListener('popstate', onPopState);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      if (!live.timer) startLive();
    } else {
      stopLive();
    }
  });
  for (const button of document.querySelectorAll('#users-table button.sort')) {
    button.addEventListener('click', () => sortBy(button.dataset.orderingField));
  }
  let typing = null;
  $('#users-search').addEventListener('input', (event) => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.table.search = event.target.value.trim();
      loadUsers();
    }, 400);
  });
  $('#users-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    state.table.search = $('#users-search').value.trim();
    loadUsers();
  });
  $('#users-status').addEventListener('change', (event) => {
    state.table.status = event.target.value;
    loadUsers();
  });
  $('#users-export').addEventListener('click', exportCsv);
  window.addEventListener('resize', () => {
    const count = columnCount();
    for (const cell of document.querySelectorAll('#users-table td[data-span-all]')) cell.colSpan = Number(count);
  });
  // A second demo link pasted into the same tab only changes the fragment.
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(window.location.hash.replace(/^#/, '')).has('token')) boot();
  });
}

state.controller = new AbortController();
wire();
boot();
