/** Activity time series of one member, one device or one app, read from the rollups in any zone. */
package io.activity.analytics.activity;
