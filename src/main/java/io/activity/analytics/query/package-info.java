/**
 * {@code POST /companies/{id}/query}: one typed query over a company's activity (metrics by
 * department, role, status, app, path or device, per day, week or month, with comparisons), read
 * from the rollups in one aggregate statement per date range.
 */
package io.activity.analytics.query;
