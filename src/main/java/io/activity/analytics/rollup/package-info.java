/** Rollup upkeep: rebuilding a company's derived tables from raw events, refresh and retention. */
package io.activity.analytics.rollup;
