/** One record of every request of a company route, told to its usage and its audit trail. */
package io.activity.analytics.requestlog;
