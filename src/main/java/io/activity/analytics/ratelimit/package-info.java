/** Per-company request limits shared by every instance through Redis, with a local fallback. */
package io.activity.analytics.ratelimit;
