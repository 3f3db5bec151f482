// Display formatting. Everything the page prints from API data goes through textContent, so no
// value is ever parsed as HTML.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export const DASH = '\u2014';

export function number(value) {
  return value === null || value === undefined || Number.isNaN(Number(value)) ? DASH : integer.format(value);
}

export function oneDecimal(value) {
  return value === null || value === undefined ? DASH : decimal.format(value);
}

/** 0.123 → "12.3%". */
export function percent(ratio, digits = 1) {
  if (ratio === null || ratio === undefined || Number.isNaN(Number(ratio))) return DASH;
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** Seconds from "HH:MM:SS" (the API's durations) or a number of seconds. */
export function seconds(duration) {
  if (typeof duration === 'number') return duration;
  const match = /^(\d+):(\d{2}):(\d{2})$/.exec(duration || '');
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : null;
}

/** "00:23:15" → "23m 15s"; "01:02:00" → "1h 2m"; zero → "0s". */
export function duration(value) {
  const exact = seconds(value);
  if (exact === null) return DASH;
  const total = Math.round(exact); // rounded first: 59.6 s is "1m 0s", not "60s"
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/**
 * Milliseconds in the same format as duration(): whole seconds from one second up ("59s",
 * "1m 0s"), so every table shows one format; only sub-second times keep milliseconds ("850 ms").
 */
export function millis(ms) {
  if (ms === null || ms === undefined || Number.isNaN(Number(ms))) return DASH;
  if (Math.round(ms) >= 1000) return duration(ms / 1000);
  return `${integer.format(Math.round(ms))} ms`;
}

/** An instant shown in the company's zone: "Nov 24, 14:05" (the year when it is not this one). */
export function dateTime(iso, zone) {
  if (!iso) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return DASH;
  const sameYear = date.getUTCFullYear() === new Date().getUTCFullYear();
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(date);
}

/** "2026-11-24" → "Nov 24, 2026" (a calendar date: no zone conversion). */
export function day(date, withYear = true) {
  if (!date) return DASH;
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC', month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}),
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** The same instant as two parts, [date, time], so a narrow screen can hide the time. */
export function dateTimeParts(iso, zone) {
  if (!iso) return [DASH, ''];
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return [DASH, ''];
  const sameYear = date.getUTCFullYear() === new Date().getUTCFullYear();
  const day = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }),
  }).format(date);
  const time = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  return [day, `, ${time}`];
}

export function fullName(user) {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return name || user.email || user.user_id;
}
