// Calendar arithmetic on YYYY-MM-DD strings, and the company's day boundaries. Day boundaries are
// the company's timezone (the API's rule), so "today" and "midnight" are computed in that zone.

const DAY_MS = 86_400_000;

function parse(date) {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function print(utcMs) {
  return new Date(utcMs).toISOString().slice(0, 10);
}

export function isDate(value) {
  return /^\d{4}-\d{2}-\d{2}$/.test(value || '') && print(parse(value)) === value;
}

export function addDays(date, days) {
  return print(parse(date) + days * DAY_MS);
}

/** Number of days from `from` to `to`, both included. */
export function daysInRange(from, to) {
  return Math.round((parse(to) - parse(from)) / DAY_MS) + 1;
}

export function validZone(zone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Today's date in the zone. */
export function today(zone) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date());
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The calendar date of an instant in the zone. */
export function dateIn(iso, zone) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** How far the zone's wall clock is ahead of UTC at the instant, in ms. */
function offsetAt(utcMs, zone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** UNIX seconds of the start of the day in the zone (for page-statistics' timestamps). */
export function startOfDaySeconds(date, zone) {
  const wall = parse(date);
  let utc = wall - offsetAt(wall, zone);
  utc = wall - offsetAt(utc, zone); // second pass: the offset at the real instant (DST days)
  return Math.floor(utc / 1000);
}
