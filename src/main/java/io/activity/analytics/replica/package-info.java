/**
 * Read replicas: where read endpoints' SQL runs ({@link io.activity.analytics.replica.ReadStore}),
 * a streaming replica while its lag is within bounds, the primary otherwise.
 */
package io.activity.analytics.replica;
