/** The company's user-metrics screen: member list, summary, CSV export and the rollup refresh. */
package io.activity.analytics.usermetrics;
