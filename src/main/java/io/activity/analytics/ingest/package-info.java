/** The write side: heartbeats, page views and sessions with their rollups. */
package io.activity.analytics.ingest;
