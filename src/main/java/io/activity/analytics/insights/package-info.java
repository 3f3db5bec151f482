/** Reports on who used the service how much: session time, API latency, endpoint usage and trends. */
package io.activity.analytics.insights;
