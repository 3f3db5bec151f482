// What the address bar carries: company, range (a preset or from/to), the user table's filters
// and ordering, the breakdown's dimension and the open view (a member). Never the token: that
// arrives once in the fragment (#token=…) and is removed at once; this state lives in the query
// string so a copied link can be shared without handing over a credential.

import * as dates from './dates.js';

/** Presets in the company's timezone; each returns [from, to] for "today" there. */
export const PRESETS = {
  today: { label: 'Today', range: (t) => [t, t] },
  yesterday: { label: 'Yesterday', range: (t) => [dates.addDays(t, -1), dates.addDays(t, -1)] },
  '7d': { label: '7 days', range: (t) => [dates.addDays(t, -6), t] },
  '30d': { label: '30 days', range: (t) => [dates.addDays(t, -29), t] },
  '90d': { label: '90 days', range: (t) => [dates.addDays(t, -89), t] },
  this_month: { label: 'This month', range: (t) => [`${t.slice(0, 8)}01`, t] },
  last_month: {
    label: 'Last month',
    range: (t) => {
      const end = dates.addDays(`${t.slice(0, 8)}01`, -1);
      return [`${end.slice(0, 8)}01`, end];
    },
  },
  // 12 months ending today: the same day a year ago plus one, so the span stays within 366 days.
  '12m': {
    label: '12 months',
    range: (t) => {
      const sameDay = `${Number(t.slice(0, 4)) - 1}${t.slice(4)}`;
      const lastYear = dates.isDate(sameDay) ? sameDay : `${sameDay.slice(0, 8)}28`; // Feb 29
      return [dates.addDays(lastYear, 1), t];
    },
  },
};

export const DEFAULT_PRESET = '30d';
const ORDERINGS = /^-?(email|last_active|total_sessions)$/;
const STATUSES = new Set(['', 'active', 'inactive', 'pending']);
const DIMENSIONS = new Set(['department', 'role', 'app']);
const GRANULARITIES = new Set(['daily', 'weekly', 'monthly']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the query string; anything malformed falls back to its default rather than failing. */
export function parse(search) {
  const q = new URLSearchParams(search);
  const from = q.get('from');
  const to = q.get('to');
  const preset = q.get('range');
  const ordering = q.get('sort') || '-last_active';
  const status = q.get('status') || '';
  const member = q.get('member');
  return {
    company: UUID.test(q.get('company') || '') ? q.get('company') : null,
    preset: PRESETS[preset] ? preset : null,
    from: dates.isDate(from) && dates.isDate(to) && from <= to ? from : null,
    to: dates.isDate(from) && dates.isDate(to) && from <= to ? to : null,
    ordering: ORDERINGS.test(ordering) ? ordering : '-last_active',
    search: (q.get('q') || '').slice(0, 200),
    status: STATUSES.has(status) ? status : '',
    by: DIMENSIONS.has(q.get('by')) ? q.get('by') : 'department',
    member: UUID.test(member || '') ? member : null,
    granularity: GRANULARITIES.has(q.get('gran')) ? q.get('gran') : 'daily',
  };
}

/** The query string for a state; defaults are left out so a plain link stays short. */
export function serialize(s) {
  const q = new URLSearchParams();
  if (s.company) q.set('company', s.company);
  if (s.preset && s.preset !== DEFAULT_PRESET) q.set('range', s.preset);
  if (!s.preset && s.from && s.to) {
    q.set('from', s.from);
    q.set('to', s.to);
  }
  if (s.ordering && s.ordering !== '-last_active') q.set('sort', s.ordering);
  if (s.search) q.set('q', s.search);
  if (s.status) q.set('status', s.status);
  if (s.by && s.by !== 'department') q.set('by', s.by);
  if (s.member) {
    q.set('member', s.member);
    if (s.granularity && s.granularity !== 'daily') q.set('gran', s.granularity);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}
