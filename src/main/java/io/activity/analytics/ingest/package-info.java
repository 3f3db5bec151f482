/** The write side: heartbeats, page views and sessions with their rollups, and the API usage recorder. */
package io.activity.analytics.ingest;
