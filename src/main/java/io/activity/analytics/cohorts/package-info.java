/**
 * How members come, stay, leave and come back: the active-users lifecycle (new, returning,
 * resurrecting, dormant per period) and retention cohorts (by first active day or by joining).
 * Reads only: the active-day rollups through {@code activeusers.ActiveDays}, and
 * {@code company_members} for the joining date.
 */
package io.activity.analytics.cohorts;
