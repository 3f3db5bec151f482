/** The built-in dashboard: static pages under /dashboard/ that read the public API with a bearer token. */
package io.activity.analytics.dashboard;
