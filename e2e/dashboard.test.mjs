// Browser test of the built-in dashboard, against a running service on demo data.
// Debian's Chromium driven by playwright-core (which downloads no browser of its own).
//
//   E2E_BASE_URL  service root, e.g. http://127.0.0.1:8080 (run-dashboard-test.sh sets it)
//   E2E_TOKEN     bearer token of an admin (or owner) member of the company
//   E2E_COMPANY   the company id
//   E2E_CHROMIUM  browser executable, default /usr/bin/chromium
//   E2E_ARTIFACTS where screenshots go, default <repo>/target
//   E2E_COMPANY2  a second company of the same member, for the switcher and the new panels; by
//                 default the demo's initech, which the test joins (a provisioning token signed
//                 with $ANALYTICS_JWT_SECRET or the demo secret): its read budget is its own
//   DASHBOARD_SCREENSHOTS=1  also saves docs/img/dashboard-desktop.png (1440x1000) and
//                 docs/img/dashboard-phone.png (390x844) for docs/dashboard.md
//
// Every figure checked on the page is compared with the same endpoint fetched here with the token.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.E2E_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const TOKEN = (process.env.E2E_TOKEN || '').trim();
const COMPANY = (process.env.E2E_COMPANY || '').trim();
const EXECUTABLE = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = resolve(process.env.E2E_ARTIFACTS || join(here, '..', 'target'));
const PAGE_SIZE = 20;
const WAIT = 30_000;

let context;
let userDataDir;
const problems = []; // uncaught page errors and content-security-policy refusals

function fail(message) {
  throw new Error(message);
}

/** The API, called from here with the same token the page uses. */
async function api(path, params = {}) {
  const url = new URL(`${BASE}/api/v2/companies/${COMPANY}${path}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' } });
  const body = await response.text();
  if (!response.ok) fail(`GET ${url} → ${response.status} ${body}`);
  return JSON.parse(body);
}

/** A loopback port nothing listens on (taken from the system, then released). */
async function unusedLoopbackPort() {
  const server = createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function newPage({ width = 1280, height = 900 } = {}) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`console: ${text}`);
  });
  return page;
}

/** Waits until a panel is no longer loading; an error state fails with the detail it shows. */
async function settled(page, selector, { allow = ['ready', 'empty'] } = {}) {
  const element = page.locator(selector);
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return el && el.dataset.state && el.dataset.state !== 'loading';
    },
    selector,
    { timeout: WAIT },
  );
  const state = await element.getAttribute('data-state');
  if (!allow.includes(state)) {
    const scope = selector === '#kpis' ? '#kpis-message' : selector;
    const detail = await page.locator(`${scope} .error-box`).first().textContent().catch(() => '');
    fail(`${selector} ended in state "${state}": ${detail}`);
  }
  return state;
}

async function signInWithForm(page) {
  await page.goto(`${BASE}/dashboard/`);
  await page.locator('#signin').waitFor({ state: 'visible', timeout: WAIT });
  await page.fill('#token', TOKEN);
  await page.fill('#company', COMPANY);
  await page.click('#signin-submit');
  await page.locator('#dashboard').waitFor({ state: 'visible', timeout: WAIT });
}

/**
 * Demo data may end on a fixed past day (CI pins it), outside "the last 30 days". The page then
 * offers the equally long range ending on the latest activity; take it, as a person would.
 */
async function useLatestData(page) {
  await settled(page, '#kpis');
  await settled(page, '#panel-users');
  if (await page.locator('#range-hint').isHidden()) return;
  const before = await page.locator('#dashboard').getAttribute('data-to');
  await page.click('#range-hint-apply');
  await page.waitForFunction((to) => document.querySelector('#dashboard').dataset.to !== to, before, { timeout: WAIT });
  await settled(page, '#kpis');
  await settled(page, '#panel-users');
  assert.equal(await page.locator('#range-hint').isHidden(), true, 'the suggested range has activity');
}

async function tableRows(page) {
  return page.$$eval('#users-body tr[data-user-id]', (rows) => rows.map((row) => row.dataset.userId));
}

/** Waits for the table to show a given ordering and page, fully loaded. */
async function tableAt(page, ordering, pageNumber) {
  await page.waitForFunction(
    ([o, p]) => {
      const table = document.querySelector('#users-table');
      const state = document.querySelector('#panel-users').dataset.state;
      return table.dataset.ordering === o && table.dataset.page === String(p) && table.getAttribute('aria-busy') === 'false'
        && (state === 'ready' || state === 'empty' || state === 'error');
    },
    [ordering, pageNumber],
    { timeout: WAIT },
  );
  await settled(page, '#panel-users');
}

before(async () => {
  if (!TOKEN || !COMPANY) fail('Set E2E_TOKEN (an admin member\'s bearer token) and E2E_COMPANY (the company id).');
  // The service may still be starting: wait for the page itself for up to a minute.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${BASE}/dashboard/`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) fail(`${BASE}/dashboard/ did not answer 200 within 60 s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  // The steps on this company make up to about 86 reads in one minute (measured from the
  // service's usage events); another client may have used part of the 100-per-minute budget just
  // before. Start with a fresh window if needed. (The issue-19 steps read a second company.)
  const probe = await fetch(`${BASE}/api/v2/companies/${COMPANY}/user-metrics/summary/`,
    { headers: { Authorization: `Bearer ${TOKEN}` } });
  const remaining = Number(probe.headers.get('X-RateLimit-Remaining'));
  if (probe.status === 429 || (Number.isFinite(remaining) && remaining < 90)) {
    console.log(`# waiting 61 s for the company's read window (remaining ${remaining}, status ${probe.status})`);
    await new Promise((r) => setTimeout(r, 61_000));
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  userDataDir = mkdtempSync(join(tmpdir(), 'dashboard-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: EXECUTABLE,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
});

after(async () => {
  if (context) await context.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  assert.deepEqual(problems, [], 'no page errors and no content-security-policy refusals');
});

let main; // the signed-in page shared by the tests below, in order

test('signs in with a token and a company id, and the KPI cards show the API\'s numbers', async () => {
  main = await newPage();
  await signInWithForm(main);
  await useLatestData(main);
  const from = await main.locator('#dashboard').getAttribute('data-from');
  const to = await main.locator('#dashboard').getAttribute('data-to');
  assert.match(from, /^\d{4}-\d{2}-\d{2}$/);
  const summary = await api('/user-metrics/summary/', { date_from: from, date_to: to, compare: 'previous' });

  for (const key of ['total_users', 'unique_users', 'total_sessions', 'total_page_views', 'total_activity']) {
    const shown = await main.locator(`[data-kpi="${key}"] .kpi-value`).textContent();
    assert.equal(Number(shown.replace(/[^0-9]/g, '')), summary[key], `KPI ${key}: page shows "${shown}"`);
  }
  assert.ok(summary.total_users > 0, 'the demo company has members');
  assert.ok(summary.total_activity > 0, `the range ${from}..${to} shows activity`);
  const change = summary.change && summary.change.total_sessions;
  const changeText = await main.locator('[data-kpi="total_sessions"] .kpi-change').textContent();
  if (change === null || change === undefined) {
    assert.match(changeText, /no (data|comparison)/);
  } else {
    assert.ok(changeText.includes(`${(Math.abs(change) * 100).toFixed(1)}%`), `change shown: "${changeText}", API: ${change}`);
  }

  // Every panel finishes loading without an error on demo data.
  for (const panel of ['#panel-dau', '#panel-stickiness', '#panel-status', '#panel-pages', '#panel-features', '#panel-users']) {
    await settled(main, panel);
  }
  // The daily-active-users chart draws the API's series.
  if ((await main.locator('#panel-dau').getAttribute('data-state')) === 'ready') {
    const series = await api('/active-users', { type: 'daily', date_from: from, date_to: to });
    const peak = Math.max(...series.data.map((d) => d.active_users));
    assert.match(await main.locator('#dau-meta').textContent(), new RegExp(`peak ${peak.toLocaleString('en-US')}( \u00B7 .* so far \\d+)?$`));
  }
  await main.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
});

// One duration format in every table: "850 ms" below a second, then "59s", "1m 0s", "1h 2m".
const DURATION = /^(\u2014|\d+ ms|\d{1,2}s|\d{1,2}m \d{1,2}s|\d+h \d{1,2}m)$/;

test('every table shows durations in one format', async () => {
  assert.ok(main, 'signed in by the previous test');
  const fmt = await import(pathToFileURL(join(here, '..', 'src/main/resources/static/dashboard/format.js')).href);
  // Worked out by hand: page times come in ms, session lengths as HH:MM:SS.
  assert.equal(fmt.millis(58_500), '59s');
  assert.equal(fmt.millis(60_000), '1m 0s');
  assert.equal(fmt.millis(59_600), '1m 0s');
  assert.equal(fmt.millis(850), '850 ms');
  assert.equal(fmt.duration('00:00:58'), '58s');
  assert.equal(fmt.duration('00:01:00'), '1m 0s');
  assert.equal(fmt.duration('01:02:00'), '1h 2m');

  await settled(main, '#panel-pages');
  await tableAt(main, '-last_active', 1);
  const cells = await main.evaluate(() => [
    ...[...document.querySelectorAll('#users-body tr[data-user-id] td:nth-child(8)')].map((td) => td.textContent),
    ...[...document.querySelectorAll('#panel-pages .pages-table tbody td:nth-child(4)')].map((td) => td.textContent),
    ...[...document.querySelectorAll('#panel-features .data-table tbody td:nth-child(3)')].map((td) => td.textContent),
    document.querySelector('[data-kpi="avg_session_duration"] .kpi-value').textContent,
  ]);
  assert.ok(cells.length > 3, `durations found on the page: ${cells.join(', ')}`);
  const odd = cells.filter((text) => !DURATION.test(text.trim()));
  assert.deepEqual(odd, [], 'durations outside the one format');
});

test('at 1440x1000 the sort icons sit inside their header cells and grey text has at least 4.5:1 contrast', async () => {
  assert.ok(main, 'signed in by the previous test');
  await main.setViewportSize({ width: 1440, height: 1000 });
  await tableAt(main, '-last_active', 1);
  const headers = await main.evaluate(() => [...document.querySelectorAll('#users-table th[data-ordering-field]')].map((th) => {
    const cell = th.getBoundingClientRect();
    const style = getComputedStyle(th);
    const icon = th.querySelector('.sort-icon').getBoundingClientRect();
    return {
      field: th.dataset.orderingField,
      left: cell.left + parseFloat(style.paddingLeft), right: cell.right - parseFloat(style.paddingRight),
      iconLeft: icon.left, iconRight: icon.right, iconWidth: icon.width,
    };
  }));
  assert.equal(headers.length, 3);
  for (const h of headers) {
    assert.ok(h.iconWidth > 0, `${h.field}: the icon is drawn`);
    assert.ok(h.iconLeft >= h.left - 0.5 && h.iconRight <= h.right + 0.5,
      `${h.field}: icon ${h.iconLeft.toFixed(1)}..${h.iconRight.toFixed(1)} outside the cell ${h.left.toFixed(1)}..${h.right.toFixed(1)}`);
  }

  // WCAG contrast of every visible text in the grey secondary colour against what is behind it.
  const results = await main.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.color = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim();
    document.body.append(probe);
    const grey = getComputedStyle(probe).color;
    probe.remove();
    const rgb = (text) => text.match(/[\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
      const lin = (c) => { const v = c / 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (element) => {
      for (let e = element; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out = [];
    for (const element of document.querySelectorAll('body *')) {
      const style = getComputedStyle(element);
      if (style.color !== grey) continue;
      const ownText = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const box = element.getBoundingClientRect();
      if (!ownText || !box.width || !box.height || style.visibility === 'hidden') continue;
      const [a, b] = [luminance(rgb(grey)), luminance(background(element))].sort((x, y) => y - x);
      out.push({ text: element.textContent.trim().slice(0, 30), ratio: (a + 0.05) / (b + 0.05) });
    }
    return out;
  });
  assert.ok(results.length >= 10, `grey texts found: ${results.length}`);
  const low = results.filter((r) => r.ratio < 4.5).map((r) => `"${r.text}" ${r.ratio.toFixed(2)}:1`);
  assert.deepEqual(low, [], 'grey text below 4.5:1');
  await main.setViewportSize({ width: 1280, height: 900 });
});

test('sorts the user table by a column header and pages forward with the next link', async () => {
  assert.ok(main, 'signed in by the previous test');
  const from = await main.locator('#dashboard').getAttribute('data-from');
  const to = await main.locator('#dashboard').getAttribute('data-to');
  await tableAt(main, '-last_active', 1);

  await main.click('button.sort[data-ordering-field="email"]');
  await tableAt(main, 'email', 1);
  assert.equal(await main.locator('th[data-ordering-field="email"]').getAttribute('aria-sort'), 'ascending');
  const first = await api('/user-metrics/', { date_from: from, date_to: to, ordering: 'email', page: 1, page_size: PAGE_SIZE });
  assert.deepEqual(await tableRows(main), first.results.map((u) => u.user_id), 'page 1 by email matches the API');
  assert.ok(first.count > PAGE_SIZE, `the demo company needs more than ${PAGE_SIZE} members to page (has ${first.count})`);
  assert.ok(first.next, 'the API gives a next link');

  await main.click('#users-next');
  await tableAt(main, 'email', 2);
  const second = await api('/user-metrics/', { date_from: from, date_to: to, ordering: 'email', page: 2, page_size: PAGE_SIZE });
  assert.deepEqual(await tableRows(main), second.results.map((u) => u.user_id), 'page 2 by email matches the API');
  assert.match(await main.locator('#users-page-label').textContent(), new RegExp(`^Page 2 of ${Math.ceil(first.count / PAGE_SIZE)}`));
  assert.equal(await main.locator('#users-prev').isDisabled(), false);

  // Clicking the same header again reverses the order.
  await main.click('button.sort[data-ordering-field="email"]');
  await tableAt(main, '-email', 1);
  assert.equal(await main.locator('th[data-ordering-field="email"]').getAttribute('aria-sort'), 'descending');
  const reversed = await api('/user-metrics/', { date_from: from, date_to: to, ordering: '-email', page: 1, page_size: PAGE_SIZE });
  assert.deepEqual(await tableRows(main), reversed.results.map((u) => u.user_id));
  await main.screenshot({ path: join(ARTIFACTS, 'dashboard-table.png'), fullPage: true });
});

test('shows a user\'s activity sparkline on demand, with the API\'s total', async () => {
  assert.ok(main, 'signed in by the previous test');
  const from = await main.locator('#dashboard').getAttribute('data-from');
  const to = await main.locator('#dashboard').getAttribute('data-to');
  const userId = (await tableRows(main))[0];
  const toggle = main.locator(`#users-body tr[data-user-id="${userId}"] button`);
  await toggle.click();
  const row = main.locator(`#spark-${userId}`);
  await main.waitForFunction((id) => document.getElementById(`spark-${id}`)?.dataset.state, userId, { timeout: WAIT });
  assert.equal(await row.getAttribute('data-state'), 'ready', await row.textContent());
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const activity = await api(`/users/${userId}/activity`, { metric: 'activity-count', granularity: 'daily', start_date: from, end_date: to });
  const total = activity.data.reduce((sum, d) => sum + d.value, 0);
  const text = await row.locator('.spark-meta').textContent();
  if (total > 0) assert.ok(text.includes(total.toLocaleString('en-US')), `sparkline says "${text}", API total ${total}`);
  else assert.match(text, /No activity/);
  await toggle.click();
  assert.equal(await row.count(), 0);
});

test('exports the filtered table as CSV with the bearer token (admin)', async () => {
  assert.ok(main, 'signed in by the previous test');
  await main.locator('#users-export').waitFor({ state: 'visible', timeout: WAIT });
  const [download] = await Promise.all([main.waitForEvent('download', { timeout: WAIT }), main.click('#users-export')]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv.split(/\r?\n/)[0], /user_id/);
  assert.match(csv.split(/\r?\n/)[0], /email/);
});

test('the 7-day preset reloads the cards for the new range', async () => {
  assert.ok(main, 'signed in by the previous test');
  await main.click('.presets [data-days="7"]');
  await main.waitForFunction(() => document.querySelector('#kpis').dataset.state !== 'loading'
    && document.querySelector('#dashboard').dataset.from !== undefined, null, { timeout: WAIT });
  await settled(main, '#kpis');
  const from = await main.locator('#dashboard').getAttribute('data-from');
  const to = await main.locator('#dashboard').getAttribute('data-to'); // today in the company's zone
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  assert.equal(days, 7, `range ${from}..${to}`);
  assert.equal(await main.locator('.presets [data-days="7"]').getAttribute('aria-pressed'), 'true');
  const summary = await api('/user-metrics/summary/', { date_from: from, date_to: to, compare: 'previous' });
  for (const key of ['total_sessions', 'total_page_views']) {
    const shown = await main.locator(`[data-kpi="${key}"] .kpi-value`).textContent();
    assert.equal(Number(shown.replace(/[^0-9]/g, '')), summary[key], `7-day KPI ${key}: page shows "${shown}"`);
  }
  await tableAt(main, '-email', 1); // the table reloads for the range and keeps its ordering
});

/** Types a custom range into the form and applies it; returns the summary request the page sent. */
async function applyRange(page, from, to) {
  await page.fill('#range-from', from);
  await page.fill('#range-to', to);
  // The browser's own constraint check: it refuses to submit an invalid form without a word.
  assert.equal(await page.$eval('#range-form', (form) => form.checkValidity()), true,
    `the form accepts ${from}..${to} (From max "${await page.getAttribute('#range-from', 'max')}")`);
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().includes('/user-metrics/summary/'), { timeout: WAIT }),
    page.click('#range-form button[type="submit"]'),
  ]);
  await settled(page, '#kpis');
  return new URL(request.url());
}

/** The run stays inside the company's 100 reads a minute: a test that needs one panel drops the others' requests. */
async function onlyApi(page, keep) {
  await page.route((url) => url.pathname.includes('/api/v2/') && !keep(url.pathname), (route) => route.abort());
}

test('a custom range moves forward: Oct 5-11 applied, then Nov 9-15 (From past the old To)', async () => {
  assert.ok(main, 'signed in by the previous test');
  await onlyApi(main, (path) => path.endsWith('/user-metrics/summary/'));
  let url = await applyRange(main, '2026-10-05', '2026-10-11');
  assert.equal(url.searchParams.get('date_from'), '2026-10-05');
  assert.equal(url.searchParams.get('date_to'), '2026-10-11');
  url = await applyRange(main, '2026-11-09', '2026-11-15');
  assert.equal(url.searchParams.get('date_from'), '2026-11-09');
  assert.equal(url.searchParams.get('date_to'), '2026-11-15');
  assert.equal(await main.locator('#dashboard').getAttribute('data-from'), '2026-11-09');
  assert.equal(await main.locator('#dashboard').getAttribute('data-to'), '2026-11-15');
  assert.match(await main.locator('#range-label').textContent(), /^Nov 9, 2026 \u2013 Nov 15, 2026 \(7 days\)/);
  const summary = await api('/user-metrics/summary/', { date_from: '2026-11-09', date_to: '2026-11-15', compare: 'previous' });
  const shown = await main.locator('[data-kpi="total_sessions"] .kpi-value').textContent();
  assert.equal(Number(shown.replace(/[^0-9]/g, '')), summary.total_sessions, `sessions Nov 9-15: page shows "${shown}"`);
  await main.unrouteAll();
});

test('in an empty range every figure says its period: range figures follow it, the others say "up to today"', async () => {
  assert.ok(main, 'on Nov 9-15 after the previous test');
  assert.equal(await main.locator('#dashboard').getAttribute('data-from'), '2026-11-09');
  const company = await api('');
  const zone = company.timezone || 'UTC';
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const todayLabel = `${months[m - 1]} ${d}`;

  const summary = await api('/user-metrics/summary/', { date_from: '2026-11-09', date_to: '2026-11-15', compare: 'previous' });
  const cards = await main.$$eval('#kpis [data-kpi]', (list) => list.map((card) => ({
    key: card.dataset.kpi, period: card.dataset.period, text: card.textContent,
    sub: card.querySelector('.kpi-sub')?.textContent || '',
  })));
  assert.equal(cards.length, 6);
  for (const card of cards) assert.ok(['range', 'now'].includes(card.period), `${card.key}: period "${card.period}"`);
  // The range's own figure: 0 in the range (the demo data ends 2026-06-30) ...
  const users = cards.find((c) => c.key === 'unique_users');
  assert.equal(users.period, 'range');
  assert.equal(summary.unique_users, 0);
  // ... and beside it the "today / 7 / 30 days" figures, named as what they are.
  assert.ok(users.sub.startsWith(`Up to today (${todayLabel}), whatever the range: today ${summary.active_users.today}`),
    `Active users sub-line: "${users.sub}"`);
  const members = cards.find((c) => c.key === 'total_users');
  assert.equal(members.period, 'now');
  assert.match(members.text, /^Members now/);
  assert.ok(members.sub.startsWith(`Today (${todayLabel}), whatever the range`), `Members sub-line: "${members.sub}"`);
  // The table's current-month column names its month.
  assert.equal(await main.locator('#users-this-month').textContent(), `This month (${months[m - 1]})`);
  assert.equal(await main.locator('#users-this-month').getAttribute('title'),
    `Sessions in ${months[m - 1]} ${y}, the current calendar month, whatever the range`);
});

test('today, still under way, is drawn dashed and labelled "so far", and left out of the average', async () => {
  assert.ok(main, 'signed in by the previous test');
  // The demo data ends on a past day, so today's figures are given here: the API's shape, a day
  // that has barely started (3 after about 20 on each whole day).
  const served = [20, 21, 19, 22, 20, 21, 3];
  await onlyApi(main, (path) => path.endsWith('/active-users'));
  await main.route((url) => url.pathname.endsWith('/active-users'), async (route) => {
    const url = new URL(route.request().url());
    const from = url.searchParams.get('date_from');
    const data = served.map((active_users, i) => ({
      date: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10), active_users,
    }));
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ type: 'daily', timezone: 'UTC', data }) });
  });
  await main.click('.presets [data-days="7"]');
  await settled(main, '#panel-dau');
  const today = await main.locator('#dashboard').getAttribute('data-to'); // the preset ends today
  assert.equal(await main.locator('#panel-dau').getAttribute('data-partial'), today);
  // avg of the six whole days (20+21+19+22+20+21)/6 = 20.5; the peak 22; today so far 3.
  const meta = await main.locator('#dau-meta').textContent();
  const [, month, dayOfMonth] = today.split('-').map(Number);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  assert.equal(meta, `avg 20.5 \u00B7 peak 22 \u00B7 ${months[month - 1]} ${dayOfMonth} so far 3`);
  const rows = await main.$$eval('#panel-dau .data-table tbody tr', (trs) => trs.map((tr) => tr.textContent));
  assert.equal(rows.length, 7);
  assert.equal(rows[6], `${today} (so far)3`);
  assert.ok(rows.slice(0, 6).every((row) => !row.includes('so far')));
  // The chart: only the segment into today is dashed, and today's tick says "so far".
  const chart = await main.evaluate(() => {
    const instance = window.Chart.getChart(document.querySelector('#panel-dau canvas'));
    const dash = instance.data.datasets[0].segment.borderDash;
    const n = instance.data.labels.length;
    const scale = instance.scales.x;
    return {
      last: dash({ p0DataIndex: n - 2, p1DataIndex: n - 1 }),
      before: dash({ p0DataIndex: n - 3, p1DataIndex: n - 2 }) ?? null,
      tickText: scale.options.ticks.callback.call(scale, n - 1, n - 1, scale.ticks),
    };
  });
  assert.ok(Array.isArray(chart.last) && chart.last.length === 2, `dashed into today: ${JSON.stringify(chart.last)}`);
  assert.equal(chart.before, null, 'whole days are solid');
  assert.equal(chart.tickText, `${months[month - 1]} ${dayOfMonth} (so far)`);
  await main.unrouteAll();
});

test('a panel\'s 429 counts down its wait and keeps Retry disabled until then', async () => {
  const page = await newPage();
  const wait = 3;
  let refused = 0;
  // Only the daily-active-users series answers 429, as the service would (header and problem body).
  await page.route((url) => url.pathname.endsWith('/active-users'), async (route) => {
    refused += 1;
    await route.fulfill({
      status: 429,
      headers: { 'Retry-After': String(wait), 'Content-Type': 'application/problem+json' },
      body: JSON.stringify({
        type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'rate_limited', retry_after: wait,
        detail: `Rate limit of 100 requests per 60 s for this company exceeded; retry after ${wait} s.`,
      }),
    });
  });
  await onlyApi(page, (path) => path.endsWith('/active-users') || path.endsWith(`/companies/${COMPANY}`));
  await page.goto(`${BASE}/dashboard/#token=${encodeURIComponent(TOKEN)}&company=${COMPANY}`);
  await settled(page, '#panel-dau', { allow: ['error'] });
  const box = page.locator('#panel-dau .error-box');
  const retry = box.locator('button', { hasText: 'Retry' });
  assert.equal(await box.getAttribute('data-status'), '429');
  assert.equal(await retry.isDisabled(), true, 'Retry is disabled during the wait');
  const first = Number(await box.getAttribute('data-wait'));
  assert.ok(first >= 1 && first <= wait, `wait shown: ${first}`);
  assert.equal(await box.locator('.error-wait').textContent(), `Retry in ${first} s.`);
  assert.doesNotMatch(await box.locator('.error-detail').textContent(), /retry after \d/i, 'no fixed wait in the detail');
  // It counts down...
  await page.waitForFunction((n) => Number(document.querySelector('#panel-dau .error-box').dataset.wait) < n, first, { timeout: WAIT });
  assert.match(await box.locator('.error-wait').textContent(), /^(Retry in [12] s\.|You can retry now\.)$/);
  // ...and Retry comes back when the window has a free slot.
  await retry.waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.querySelector('#panel-dau .error-box button').disabled, null, { timeout: WAIT });
  assert.equal(await box.locator('.error-wait').textContent(), 'You can retry now.');
  assert.equal(refused, 1, 'nothing asked again during the wait');
  await page.unrouteAll();
  await onlyApi(page, (path) => path.endsWith('/active-users'));
  await retry.click();
  await settled(page, '#panel-dau');
  await page.close();
});

test('a link with the token in the fragment opens the page signed in, then the fragment is gone', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/dashboard/#token=${encodeURIComponent(TOKEN)}&company=${COMPANY}`);
  await settled(page, '#kpis');
  assert.ok(!page.url().includes('#'), `fragment cleared: ${page.url()}`);
  assert.ok(!page.url().includes(TOKEN.slice(0, 20)));
  assert.equal(await page.evaluate(() => sessionStorage.getItem('analytics.dashboard.token')), TOKEN);
  assert.equal(await page.evaluate(() => localStorage.getItem('analytics.dashboard.token')), null, 'never in local storage');

  await page.click('#sign-out');
  await page.locator('#signin').waitFor({ state: 'visible', timeout: WAIT });
  assert.equal(await page.evaluate(() => sessionStorage.getItem('analytics.dashboard.token')), null);
  assert.equal(await page.locator('#dashboard').isHidden(), true);
  await page.close();
});

test('an api= in the link is ignored: every request stays on the page\'s own origin, the token never leaves it', async () => {
  // Older versions took an API base from the link (or the form) and sent the bearer token there.
  // Only a loopback port nothing listens on stands in for "another host" here.
  const origin = new URL(BASE).origin;
  const elsewhere = `http://127.0.0.1:${await unusedLoopbackPort()}`;
  const page = await newPage();
  const requests = [];
  page.on('request', (request) => {
    requests.push({ method: request.method(), url: request.url(), headers: request.headers(), body: request.postData() });
  });
  // As if an older version had left its API base in this tab's session storage.
  await page.addInitScript(([own, stale]) => {
    if (window.location.origin === own) sessionStorage.setItem('analytics.dashboard.api', stale);
  }, [origin, elsewhere]);
  await page.goto(`${BASE}/dashboard/#token=${encodeURIComponent(TOKEN)}&company=${COMPANY}`
    + `&api=${encodeURIComponent(elsewhere)}`);
  const panels = ['#kpis', '#panel-dau', '#panel-stickiness', '#panel-status', '#panel-pages', '#panel-features', '#panel-users'];
  await page.waitForFunction(
    (selectors) => selectors.every((sel) => {
      const state = document.querySelector(sel)?.dataset.state;
      return state && state !== 'loading';
    }),
    panels,
    { timeout: WAIT },
  );

  const foreign = requests.filter((r) => new URL(r.url).origin !== origin);
  const leaked = foreign.filter((r) => [r.url, JSON.stringify(r.headers), r.body || ''].some((text) => text.includes(TOKEN)));
  assert.deepEqual(leaked.map((r) => `${r.method} ${r.url}`), [], `the token was sent to another origin than ${origin}`);
  assert.deepEqual(foreign.map((r) => `${r.method} ${r.url}`), [], `requests to another origin than ${origin}`);

  // The page still works, from its own origin only.
  for (const panel of panels) await settled(page, panel);
  const own = requests.filter((r) => r.url.startsWith(`${origin}/api/v2/companies/${COMPANY}`));
  assert.ok(own.length >= 7, `the panels were loaded from ${origin}: ${own.length} API requests`);
  assert.ok(own.every((r) => r.headers.authorization === `Bearer ${TOKEN}`), 'each with the bearer token');
  assert.ok(!page.url().includes('#'), `fragment cleared: ${page.url()}`);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('analytics.dashboard.api')), null,
    'no API base kept in session storage');
  await page.close();
});

test('a refused token sends the person back to sign-in with the API\'s detail, without retrying', async () => {
  const page = await newPage();
  const calls = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/')) calls.push(request.url());
  });
  const parts = TOKEN.split('.');
  const forged = `${parts[0]}.${parts[1]}.${parts[2].slice(0, -4)}AAAA`;
  await page.goto(`${BASE}/dashboard/#token=${forged}&company=${COMPANY}`);
  await page.locator('#signin-error').waitFor({ state: 'visible', timeout: WAIT });
  assert.match(await page.locator('#signin-error').textContent(), /Signed out: The bearer token/);
  await page.waitForTimeout(1000);
  assert.ok(calls.length <= 2, `at most the two first calls, no retries: ${calls.join(', ')}`);
  assert.equal(new Set(calls).size, calls.length, 'no request repeated');
  await page.close();
});

test('fits a narrow screen without horizontal scrolling', async () => {
  const page = await newPage({ width: 390, height: 844 });
  await page.goto(`${BASE}/dashboard/#token=${encodeURIComponent(TOKEN)}&company=${COMPANY}`);
  await useLatestData(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide at a 390px viewport`);
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-narrow.png'), fullPage: true });
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// Dashboard 2.0 (issue 19): URL state, company switcher, comparison, live tile, breakdown,
// retention and lifecycle, member drill-down, dark mode and CSV. These run on a second company
// (initech in the demo data) so globex's 100 reads a minute stay with the tests above.

const SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS === '1';
const DOCS_IMG = join(here, '..', 'docs', 'img');
const JUNE = ['2026-06-01', '2026-06-30']; // inside the demo data (CI pins its end to 2026-06-30)

/** Java's UUID.nameUUIDFromBytes, as e2e/demo-token.mjs: the demo dataset's fixed ids. */
function nameUuid(name) {
  const hash = createHash('md5').update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x30;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A service token for the second company, signed like the demo's (HS256). */
function serviceToken(company, scope) {
  let secret = process.env.ANALYTICS_JWT_SECRET;
  if (!secret) {
    const yml = readFileSync(join(here, '..', 'src', 'main', 'resources', 'application-demo.yml'), 'utf8');
    secret = /hmac-secret:\s*\$\{ANALYTICS_JWT_SECRET:([^}]+)\}/.exec(yml)[1].trim();
  }
  const now = Math.floor(Date.now() / 1000);
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'dashboard-e2e', scope, company_id: company, iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

const SUB = JSON.parse(Buffer.from((TOKEN.split('.')[1] || 'e30'), 'base64url').toString()).sub;
const SECOND = (process.env.E2E_COMPANY2 || '').trim() || nameUuid('analytics-dataset:company:initech');

async function call(method, path, { token = TOKEN, body } = {}) {
  const response = await fetch(`${BASE}/api/v2${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) fail(`${method} ${path} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const second = (path, params = {}) => {
  const query = new URLSearchParams(params).toString();
  return call('GET', `/companies/${SECOND}${path}${query ? `?${query}` : ''}`);
};

/** Makes the signed-in member an admin of the second company too (the demo members have one each). */
async function joinSecondCompany() {
  if (process.env.E2E_COMPANY2) return;
  const me = await call('GET', `/companies/${COMPANY}/members/${SUB}`);
  await call('PUT', `/companies/${SECOND}/members/${SUB}`, {
    token: serviceToken(SECOND, 'analytics:provision'),
    body: { email: me.email, first_name: me.first_name, last_name: me.last_name, role: 'admin', department: me.department, status: 'active' },
  });
}

let two; // a page on the second company, shared by the tests below, in order

function query(page) {
  return new URL(page.url()).searchParams;
}

/** Scrolls a panel into view (the page loads panels below the first screen when they near it), then waits for it. */
async function seen(page, selector) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  return settled(page, selector);
}

async function panelsSettled(page, panels) {
  for (const panel of panels) await seen(page, panel);
}

const NEW_PANELS = ['#panel-dau', '#panel-breakdown', '#panel-lifecycle', '#panel-cohorts', '#panel-users'];

test('the company switcher lists the member\'s companies; switching reloads the panels and the URL', async () => {
  await joinSecondCompany();
  const mine = await call('GET', '/me/companies');
  const ids = mine.results.map((c) => c.company_id);
  assert.ok(ids.includes(COMPANY) && ids.includes(SECOND), `member of both: ${ids.join(', ')}`);
  two = await newPage();
  // globex's reads are spent by the tests above: on this page only the second company is read.
  await two.route((u) => u.pathname.includes(`/companies/${COMPANY}`), (route) => route.abort());
  // The fragment signs in; the query string is the state a shared link carries.
  await two.goto(`${BASE}/dashboard/?company=${COMPANY}&from=${JUNE[0]}&to=${JUNE[1]}#token=${encodeURIComponent(TOKEN)}`);
  await two.locator('#company-switch').waitFor({ state: 'visible', timeout: WAIT });
  const options = await two.$$eval('#company-switch option', (list) => list.map((o) => ({ id: o.value, text: o.textContent })));
  assert.deepEqual(options.map((o) => o.id), ids, 'the options are /me/companies, in its order');
  assert.equal(await two.locator('#company-switch').inputValue(), COMPANY);
  assert.equal(await two.locator('#company-switch').evaluate((el) => el.labels[0].textContent), 'Company', 'the select is labelled');

  const [summary] = await Promise.all([
    two.waitForRequest((r) => r.url().includes(`/companies/${SECOND}/user-metrics/summary/`), { timeout: WAIT }),
    two.selectOption('#company-switch', SECOND),
  ]);
  assert.equal(new URL(summary.url()).searchParams.get('date_from'), JUNE[0], 'the range is kept');
  await settled(two, '#kpis');
  await panelsSettled(two, NEW_PANELS);
  const name = mine.results.find((c) => c.company_id === SECOND).name;
  assert.equal(await two.locator('#dashboard-title').textContent(), `${name} overview`);
  assert.equal(query(two).get('company'), SECOND);
  assert.equal(query(two).get('from'), JUNE[0]);
  assert.ok(!two.url().includes('#') && !two.url().includes(TOKEN.slice(0, 20)), `no token in the URL: ${two.url()}`);
  const figures = await second('/user-metrics/summary/', { date_from: JUNE[0], date_to: JUNE[1], compare: 'previous' });
  const shown = await two.locator('[data-kpi="total_sessions"] .kpi-value').textContent();
  assert.equal(Number(shown.replace(/[^0-9]/g, '')), figures.total_sessions, 'the cards show the second company');
  await two.unrouteAll();
});

test('the daily-active-users chart draws the previous period as a second, dashed series', async () => {
  assert.ok(two, 'on the second company');
  await settled(two, '#panel-dau');
  const series = await second('/active-users', { type: 'daily', date_from: JUNE[0], date_to: JUNE[1], compare: 'previous' });
  assert.equal(series.previous.length, series.data.length);
  const chart = await two.evaluate(() => {
    const instance = window.Chart.getChart(document.querySelector('#panel-dau canvas'));
    return instance.data.datasets.map((d) => ({ label: d.label, data: d.data, dash: d.borderDash, color: d.borderColor }));
  });
  assert.equal(chart.length, 2);
  assert.deepEqual(chart[0].data, series.data.map((d) => d.active_users));
  assert.deepEqual(chart[1].data, series.previous.map((d) => d.active_users));
  // May 2 – May 31 (30 days before June 1–30), worked out by hand.
  assert.equal(chart[1].label, 'Previous period (May 2 \u2013 May 31, 2026)');
  assert.equal(chart[1].dash.length, 2, 'dashed');
  assert.notEqual(chart[1].color, chart[0].color, 'a lighter colour than the current period');
});

test('the breakdown shows the typed query\'s numbers by department, role and app, and keeps its choice in the URL', async () => {
  assert.ok(two, 'on the second company');
  for (const by of ['department', 'app']) {
    if (by !== 'department') {
      await two.selectOption('#breakdown-by', by);
      await two.waitForFunction((b) => document.querySelector('#panel-breakdown').dataset.by === b, by, { timeout: WAIT });
    }
    await seen(two, '#panel-breakdown');
    const answer = await call('POST', `/companies/${SECOND}/query`, {
      body: { metrics: ['active_users', 'activity'], date_range: JUNE, dimensions: [by] },
    });
    const expected = answer.results
      .filter((r) => r.metrics.active_users > 0 || r.metrics.activity > 0)
      .map((r) => [r.dimensions[by] ?? '(none)', r.metrics.active_users, r.metrics.activity])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const shown = (await two.$$eval('#panel-breakdown tbody tr', (rows) => rows.map((tr) => [
      tr.querySelector('th').textContent, ...[...tr.querySelectorAll('td')].map((td) => Number(td.textContent.replace(/[^0-9]/g, ''))),
    ]))).sort((a, b) => a[0].localeCompare(b[0]));
    assert.ok(expected.length > 0, `the demo data has a breakdown by ${by}`);
    assert.deepEqual(shown, expected, `breakdown by ${by}`);
  }
  assert.equal(query(two).get('by'), 'app');
});

test('the lifecycle bars show the API\'s weekly figures', async () => {
  assert.ok(two, 'on the second company');
  await seen(two, '#panel-lifecycle');
  const lifecycle = await second('/active-users/lifecycle', { date_from: JUNE[0], date_to: JUNE[1], period: 'week' });
  const drawn = await two.evaluate(() => {
    const instance = window.Chart.getChart(document.querySelector('#panel-lifecycle canvas'));
    return { labels: instance.data.labels, sets: instance.data.datasets.map((d) => ({ label: d.label, data: d.data, stack: d.stack })) };
  });
  assert.ok(lifecycle.data.some((d) => d.returning > 0), 'the demo data has returning members in June');
  assert.deepEqual(drawn.labels, lifecycle.data.map((d) => d.date));
  assert.deepEqual(drawn.sets.map((d) => d.label), ['New', 'Returning', 'Resurrecting', 'Dormant']);
  assert.ok(drawn.sets.every((d) => d.stack === 'one'), 'stacked');
  assert.deepEqual(drawn.sets[0].data, lifecycle.data.map((d) => d.new));
  assert.deepEqual(drawn.sets[1].data, lifecycle.data.map((d) => d.returning));
  assert.deepEqual(drawn.sets[2].data, lifecycle.data.map((d) => d.resurrecting));
  assert.deepEqual(drawn.sets[3].data, lifecycle.data.map((d) => -d.dormant), 'dormant below the axis');
});

test('the retention heat map shows the API\'s weekly cohorts, its text readable in both themes', async () => {
  // Every demo member's first active day lies in the dataset's first days (60 days up to its
  // end), so the cohorts start in May: the range covers May and June.
  const range = ['2026-05-01', JUNE[1]];
  const page = await newPage({ width: 1440, height: 1000 });
  await onlyApi(page, (path) => path.endsWith('/cohorts/retention') || path.endsWith('/me/companies'));
  await page.goto(`${BASE}/dashboard/?company=${SECOND}&from=${range[0]}&to=${range[1]}#token=${encodeURIComponent(TOKEN)}`);
  await seen(page, '#panel-cohorts');
  const retention = await second('/cohorts/retention', { date_from: range[0], date_to: range[1], period: 'week' });
  const cohorts = retention.cohorts.filter((c) => c.size > 0);
  assert.ok(cohorts.length > 0, 'the demo data has weekly cohorts in May');
  const rows = await page.$$eval('#panel-cohorts tbody tr', (trs) => trs.map((tr) => ({
    cohort: tr.dataset.cohort,
    size: Number(tr.querySelector('td').textContent.replace(/[^0-9]/g, '')),
    retained: [...tr.querySelectorAll('td[data-retained]')].map((td) => Number(td.dataset.retained)),
    shares: [...tr.querySelectorAll('td[data-retained]')].map((td) => td.textContent),
  })));
  assert.deepEqual(rows.map((r) => ({ cohort: r.cohort, size: r.size, retained: r.retained })),
    cohorts.map((c) => ({ cohort: c.cohort, size: c.size, retained: c.retained })));
  // Shares worked out here from the API's counts.
  assert.deepEqual(rows.map((r) => r.shares), cohorts.map((c) => c.retained.map((k) => `${Math.round((k / c.size) * 100)}%`)));
  assert.equal(rows[0].shares[0], '100%', 'week 0 of a first-active cohort is all of it');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const { low } = await lowContrast(page);
    assert.deepEqual(low, [], `${scheme}: heat map text below 4.5:1`);
  }
  await page.close();
});

test('a page in Top pages opens its views per day (the typed query filtered on the path)', async () => {
  assert.ok(two, 'on the second company');
  await settled(two, '#panel-pages');
  const link = two.locator('#panel-pages .path-link').first();
  const path = await link.textContent();
  await link.click();
  assert.equal(await link.getAttribute('aria-expanded'), 'true');
  await two.waitForFunction(() => document.querySelector('#page-trend-0')?.dataset.state, null, { timeout: WAIT });
  assert.equal(await two.locator('#page-trend-0').getAttribute('data-state'), 'ready');
  const answer = await call('POST', `/companies/${SECOND}/query`, {
    body: { metrics: ['page_views'], date_range: JUNE, granularity: 'day', filters: [['is', 'path', [path]]], limit: 1000 },
  });
  assert.equal(answer.results.length, 30, 'one row per day of June');
  const total = answer.results.reduce((sum, r) => sum + r.metrics.page_views, 0);
  assert.equal(Number(await two.locator('#page-trend-0').getAttribute('data-total')), total);
  // The same views as the row's own figure from /page-statistics over the range's local midnights.
  const views = await two.locator(`#panel-pages tr[data-path="${path}"] td`).first().textContent();
  assert.equal(Number(views.replace(/[^0-9]/g, '')), total, `${path}: row ${views}, trend ${total}`);
  assert.ok((await two.locator('#page-trend-0 .spark-meta').textContent()).startsWith(`${path}: ${total.toLocaleString('en-US')} views`));
  await link.click();
  assert.equal(await two.locator('#page-trend-0').count(), 0);
});

test('each panel downloads what it shows as CSV, built in the page', async () => {
  assert.ok(two, 'on the second company');
  const requests = [];
  const listener = (r) => requests.push(r.url());
  two.on('request', listener);
  const [download] = await Promise.all([two.waitForEvent('download', { timeout: WAIT }), two.click('button[data-csv="panel-dau"]')]);
  two.off('request', listener);
  assert.deepEqual(requests.filter((u) => u.includes('/api/')), [], 'no request for the CSV');
  assert.equal(download.suggestedFilename(), `daily-active-users_${JUNE[0]}_${JUNE[1]}.csv`);
  const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r\n/);
  assert.equal(lines[0], 'Date,Active users,Previous date,Previous active users');
  const series = await second('/active-users', { type: 'daily', date_from: JUNE[0], date_to: JUNE[1], compare: 'previous' });
  assert.deepEqual(lines.slice(1), series.data.map((d, i) => `${d.date},${d.active_users},${series.previous[i].date},${series.previous[i].active_users}`));

  const [breakdown] = await Promise.all([two.waitForEvent('download', { timeout: WAIT }), two.click('button[data-csv="panel-breakdown"]')]);
  const csv = readFileSync(await breakdown.path(), 'utf8').trim().split(/\r\n/);
  assert.equal(csv[0], 'app,active_users,activity');
  assert.equal(csv.length - 1, await two.locator('#panel-breakdown tbody tr').count());
  for (const id of ['panel-stickiness', 'panel-status', 'panel-pages', 'panel-features', 'panel-lifecycle', 'panel-cohorts']) {
    const state = await two.locator(`#${id}`).getAttribute('data-state');
    assert.equal(await two.locator(`button[data-csv="${id}"]`).isVisible(), state === 'ready', `${id}: CSV offered when it shows data`);
  }
});

test('range, filters and ordering live in the URL and a reload restores them', async () => {
  assert.ok(two, 'on the second company');
  await two.selectOption('#users-status', 'active');
  await tableAt(two, '-last_active', 1);
  await two.click('button.sort[data-ordering-field="total_sessions"]');
  await tableAt(two, '-total_sessions', 1);
  await two.fill('#users-search', 'a');
  await two.waitForFunction(() => new URL(window.location.href).searchParams.get('q') === 'a', null, { timeout: WAIT });
  await tableAt(two, '-total_sessions', 1);
  const params = query(two);
  assert.deepEqual(Object.fromEntries(params), {
    company: SECOND, from: JUNE[0], to: JUNE[1], sort: '-total_sessions', q: 'a', status: 'active', by: 'app',
  });
  const before = await tableRows(two);

  await two.reload();
  await settled(two, '#kpis');
  await tableAt(two, '-total_sessions', 1);
  assert.equal(await two.locator('#dashboard').getAttribute('data-from'), JUNE[0]);
  assert.equal(await two.locator('#dashboard').getAttribute('data-to'), JUNE[1]);
  assert.equal(await two.locator('#range-from').inputValue(), JUNE[0]);
  assert.equal(await two.locator('#users-status').inputValue(), 'active');
  assert.equal(await two.locator('#users-search').inputValue(), 'a');
  assert.equal(await two.locator('#breakdown-by').inputValue(), 'app');
  assert.equal(await two.locator('th[data-ordering-field="total_sessions"]').getAttribute('aria-sort'), 'descending');
  assert.deepEqual(await tableRows(two), before, 'the same rows after the reload');
  const api = await second('/user-metrics/', { date_from: JUNE[0], date_to: JUNE[1], ordering: '-total_sessions', search: 'a', status: 'active', page: 1, page_size: PAGE_SIZE });
  assert.deepEqual(before, api.results.map((u) => u.user_id), 'and they are the API\'s');

});

test('a user row opens the member\'s view (activity by source, daily/weekly/monthly) and Back returns', async () => {
  assert.ok(two, 'on the second company');
  const userId = (await tableRows(two))[0];
  const overview = [];
  const listener = (r) => { if (r.url().includes('/api/') && !r.url().includes('/activity')) overview.push(r.url()); };
  await two.click(`#users-body tr[data-user-id="${userId}"] a.member-link`);
  await two.locator('#member-view').waitFor({ state: 'visible', timeout: WAIT });
  assert.equal(query(two).get('member'), userId);
  await settled(two, '#panel-member');
  const total = async (granularity) => (await second(`/users/${userId}/activity`,
    { metric: 'activity-count', granularity, start_date: JUNE[0], end_date: JUNE[1] })).data.reduce((sum, d) => sum + d.value, 0);
  const daily = await total('daily');
  assert.equal(Number(await two.locator('#member-view').getAttribute('data-total')), daily, 'the sources add up to the API\'s total');
  assert.equal(await two.locator('#member-view').getAttribute('data-granularity'), 'daily');
  const row = (await second('/user-metrics/', { date_from: JUNE[0], date_to: JUNE[1], search: (await second(`/members/${userId}`)).email })).results
    .find((u) => u.user_id === userId);
  const facts = await two.locator('#member-facts').textContent();
  assert.ok(facts.includes(`Sessions in the range${row.total_sessions.toLocaleString('en-US')}`), facts);
  if (daily) {
    const sets = await two.evaluate(() => window.Chart.getChart(document.querySelector('#panel-member canvas')).data.datasets.map((d) => d.label));
    assert.deepEqual(sets, ['Chrome', 'Edge', 'Firefox', 'Desktop', 'Web accessibility']);
  }

  await two.click('#member-view [data-granularity="weekly"]');
  await two.waitForFunction(() => document.querySelector('#member-view').dataset.granularity === 'weekly'
    && document.querySelector('#panel-member').dataset.state !== 'loading', null, { timeout: WAIT });
  assert.equal(query(two).get('gran'), 'weekly');
  assert.equal(Number(await two.locator('#member-view').getAttribute('data-total')), await total('weekly'));

  two.on('request', listener);
  await two.goBack();
  await two.locator('#dashboard').waitFor({ state: 'visible', timeout: WAIT });
  two.off('request', listener);
  assert.equal(query(two).get('member'), null);
  assert.equal(await two.locator('#member-view').isHidden(), true);
  assert.deepEqual(overview.filter((u) => !u.includes('/active-users/now')), [], 'Back shows the overview without reloading it');
  // Forward opens the member again, rebuilt from the URL alone (profile, table row, sources).
  await two.goForward();
  await two.locator('#member-view').waitFor({ state: 'visible', timeout: WAIT });
  await settled(two, '#panel-member');
  assert.equal(await two.locator('#member-title').textContent(), `${row.first_name} ${row.last_name}`.trim());
  assert.equal(await two.locator('#member-view').getAttribute('data-granularity'), 'weekly');
  await two.click('#member-back');
  await two.locator('#dashboard').waitFor({ state: 'visible', timeout: WAIT });
  assert.equal(query(two).get('member'), null);
  await panelsSettled(two, ['#kpis', ...NEW_PANELS]);
});

test('"Active now" refreshes every 30 s while the tab is visible, and not while it is hidden', async () => {
  const page = await newPage();
  await page.clock.install();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/active-users/now')) asked.push(Date.now()); });
  // Only the tile's own reads: the other panels are not what this test is about.
  await onlyApi(page, (path) => path.endsWith('/active-users/now') || path.endsWith('/me/companies'));
  await page.goto(`${BASE}/dashboard/#token=${encodeURIComponent(TOKEN)}&company=${SECOND}`);
  await page.waitForFunction(() => document.querySelector('#panel-now').dataset.state === 'ready', null, { timeout: WAIT });
  assert.equal(await page.locator('#now-value').getAttribute('aria-live'), 'polite');
  const first = Number(await page.locator('#panel-now').getAttribute('data-value'));
  const now = await second('/active-users/now', { window_minutes: 5 });
  assert.equal(now.per_minute.length, 30);

  // A heartbeat through the ingest API: the member is active now.
  await call('POST', `/companies/${SECOND}/heartbeats`, {
    token: serviceToken(SECOND, 'analytics:ingest'),
    body: { heartbeats: [{ event_id: crypto.randomUUID(), user_id: SUB, device_id: 'e2e-dashboard', generated_at: new Date().toISOString(), chrome_activity_count: 3, edge_activity_count: 0, firefox_activity_count: 0, desktop_activity_count: 0, web_accessibility_activity_count: 0 }] },
  });
  await new Promise((r) => setTimeout(r, 10_500)); // the endpoint's answer may be cached for 10 s
  const fresh = await second('/active-users/now', { window_minutes: 5 });
  assert.ok(fresh.active_users >= 1, `the heartbeat counts: ${JSON.stringify(fresh)}`);

  // Hidden: 90 s pass without a request.
  const count = asked.length;
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.clock.runFor(90_000);
  await page.waitForTimeout(500);
  assert.equal(asked.length, count, 'no refresh while hidden');
  // Visible again: it refreshes at once (the API's new figure), then every 30 s.
  const asOf = await page.locator('#panel-now').getAttribute('data-as-of');
  const refreshes = Number(await page.locator('#panel-now').getAttribute('data-refreshes'));
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForFunction((n) => Number(document.querySelector('#panel-now').dataset.refreshes) > n, refreshes, { timeout: WAIT, polling: 250 });
  assert.equal(asked.length, count + 1, 'one request on becoming visible');
  const shown = Number(await page.locator('#panel-now').getAttribute('data-value'));
  assert.notEqual(await page.locator('#panel-now').getAttribute('data-as-of'), asOf, 'a new answer');
  assert.ok(shown >= 1, `the member active now is counted: the tile shows ${shown} (before the heartbeat ${first})`);
  assert.ok([fresh.active_users, (await second('/active-users/now', { window_minutes: 5 })).active_users].includes(shown),
    `the tile shows the API's figure: ${shown}, API ${fresh.active_users}`);
  assert.equal(await page.locator('#now-value').textContent(), `${shown} ${shown === 1 ? 'member' : 'members'}`);
  const beforeTick = asked.length;
  await page.clock.runFor(30_000);
  await page.waitForFunction((n) => Number(document.querySelector('#panel-now').dataset.refreshes) > n, refreshes + 1, { timeout: WAIT, polling: 250 });
  assert.equal(asked.length, beforeTick + 1, 'one refresh in 30 s');
  assert.match(await page.locator('#now-meta').textContent(), /^active in the last 5 min \u00B7 as of \d{1,2}:\d{2}/);
  await page.close();
});


test('a shared link opened by someone signed out: the form offers its company, signing in opens its view', async () => {
  const page = await newPage();
  await onlyApi(page, (path) => path.endsWith('/user-metrics/summary/') || path.endsWith('/me/companies'));
  // A new tab: no token in its session storage, only the link's state (no token in it).
  await page.goto(`${BASE}/dashboard/?company=${SECOND}&range=7d&status=pending&by=role`);
  await page.locator('#signin').waitFor({ state: 'visible', timeout: WAIT });
  assert.equal(await page.locator('#company').inputValue(), SECOND);
  await page.fill('#token', TOKEN);
  await page.click('#signin-submit');
  await settled(page, '#kpis');
  assert.equal(await page.locator('#company-switch').inputValue(), SECOND);
  assert.equal(await page.locator('.range .presets [data-preset="7d"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('#users-status').inputValue(), 'pending');
  assert.equal(await page.locator('#breakdown-by').inputValue(), 'role');
  assert.deepEqual(Object.fromEntries(query(page)), { company: SECOND, range: '7d', status: 'pending', by: 'role' });
  await page.close();
});

test('presets follow the company\'s calendar and Back steps through the ranges chosen', async () => {
  const page = await newPage();
  await onlyApi(page, (path) => path.endsWith('/user-metrics/summary/') || path.endsWith('/me/companies'));
  await page.goto(`${BASE}/dashboard/#token=${encodeURIComponent(TOKEN)}&company=${SECOND}`);
  await settled(page, '#kpis');
  // Presets, in the company's zone, worked out here from today's date there.
  const zone = (await call('GET', '/me/companies')).results.find((c) => c.company_id === SECOND).timezone;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const shift = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const [y, m] = today.split('-').map(Number);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  const lastMonthEnd = shift(firstOfMonth, -1);
  const expected = {
    today: [today, today],
    yesterday: [shift(today, -1), shift(today, -1)],
    '7d': [shift(today, -6), today],
    this_month: [firstOfMonth, today],
    last_month: [`${lastMonthEnd.slice(0, 8)}01`, lastMonthEnd],
    '12m': [shift(`${y - 1}-${String(m).padStart(2, '0')}-${today.slice(8)}`, 1), today],
  };
  for (const [preset, [from, to]] of Object.entries(expected)) {
    await page.click(`.range .presets [data-preset="${preset}"]`);
    await page.waitForFunction((p) => new URL(window.location.href).searchParams.get('range') === p, preset, { timeout: WAIT });
    assert.equal(await page.locator('#dashboard').getAttribute('data-from'), from, `${preset} from`);
    assert.equal(await page.locator('#dashboard').getAttribute('data-to'), to, `${preset} to`);
    assert.equal(await page.locator(`.range .presets [data-preset="${preset}"]`).getAttribute('aria-pressed'), 'true');
  }
  // Back steps through the ranges chosen.
  await page.goBack();
  await page.waitForFunction(() => new URL(window.location.href).searchParams.get('range') === 'last_month', null, { timeout: WAIT });
  assert.equal(await page.locator('#dashboard').getAttribute('data-from'), expected.last_month[0]);
  await page.close();
});
/** WCAG contrast of every visible text on the page against what is behind it. */
async function lowContrast(page) {
  return page.evaluate(() => {
    const rgb = (text) => text.match(/[\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
      const lin = (c) => { const v = c / 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (element) => {
      for (let e = element; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
      }
      return rgb(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
    };
    const out = [];
    for (const element of document.querySelectorAll('body *')) {
      const style = getComputedStyle(element);
      const ownText = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const box = element.getBoundingClientRect();
      if (!ownText || !box.width || !box.height || style.visibility === 'hidden' || element.closest('.visually-hidden, :disabled')) continue;
      const [a, b] = [luminance(rgb(style.color)), luminance(background(element))].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      if (ratio < 4.5) out.push(`"${element.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
    }
    return { low: out, background: getComputedStyle(document.body).backgroundColor };
  });
}

test('dark mode follows prefers-color-scheme with text contrast of at least 4.5:1 in both themes; a full load is 9 requests, 12 with every panel seen', async () => {
  assert.ok(two, 'on the second company, June, light');
  await two.setViewportSize({ width: 1440, height: 1000 });
  await two.waitForFunction(() => document.querySelector('#panel-now').dataset.state === 'ready', null, { timeout: WAIT });
  const light = await lowContrast(two);
  assert.deepEqual(light.low, [], 'light: text below 4.5:1');
  if (SCREENSHOTS) {
    mkdirSync(DOCS_IMG, { recursive: true });
    await two.evaluate(() => window.scrollTo(0, 0));
    await two.screenshot({ path: join(DOCS_IMG, 'dashboard-desktop.png') });
  }
  await two.screenshot({ path: join(ARTIFACTS, 'dashboard-light.png'), fullPage: true });
  await two.setViewportSize({ width: 390, height: 844 });
  // Charts follow the new width through a ResizeObserver, a frame or two later.
  await two.waitForFunction(() => document.documentElement.scrollWidth <= 390, null, { timeout: 5_000 }).catch(() => {});
  const width = await two.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide at a 390px viewport with the new panels`);
  if (SCREENSHOTS) {
    await two.evaluate(() => window.scrollTo(0, 0));
    await two.screenshot({ path: join(DOCS_IMG, 'dashboard-phone.png') });
  }
  await two.close();

  const page = await newPage({ width: 1440, height: 1000 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const requests = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) requests.push(`${r.method()} ${new URL(r.url()).pathname}`); });
  await page.goto(`${BASE}/dashboard/?company=${SECOND}&from=${JUNE[0]}&to=${JUNE[1]}#token=${encodeURIComponent(TOKEN)}`);
  await settled(page, '#kpis');
  for (const panel of ['#panel-dau', '#panel-stickiness', '#panel-status', '#panel-pages', '#panel-features', '#panel-users']) {
    await settled(page, panel);
  }
  await page.waitForFunction(() => document.querySelector('#panel-now').dataset.state === 'ready', null, { timeout: WAIT });
  // The first screen: the panels further down wait until they come near the viewport.
  assert.equal(requests.length, 9, requests.join('\n'));
  for (const panel of ['#panel-breakdown', '#panel-lifecycle', '#panel-cohorts']) {
    assert.equal(await page.locator(panel).getAttribute('data-state'), 'loading', `${panel} waits to be seen`);
  }
  await panelsSettled(page, ['#panel-breakdown', '#panel-lifecycle', '#panel-cohorts']);
  await page.evaluate(() => window.scrollTo(0, 0));
  const dark = await lowContrast(page);
  const [r, g, b] = dark.background.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 120, `a dark background: ${dark.background}`);
  assert.deepEqual(dark.low, [], 'dark: text below 4.5:1');
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-dark.png'), fullPage: true });
  assert.ok(!page.url().includes('token'), page.url());
  // me/companies (not counted against the company) + 7 panels + active now, then breakdown, lifecycle, retention.
  assert.equal(requests.length, 12, requests.join('\n'));
  assert.equal(requests.filter((q) => !q.endsWith('/me/companies')).length, 11);
  assert.equal(new Set(requests).size, requests.length, `no request twice: ${requests.join(', ')}`);
  await page.close();
});
