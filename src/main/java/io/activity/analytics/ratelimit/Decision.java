package io.activity.analytics.ratelimit;

/**
 * The outcome of one limit check, with everything the response headers need.
 *
 * @param policy the policy name in the RateLimit headers ("company", "ingest")
 * @param resetSeconds seconds until a slot frees (rounded up)
 * @param retryAfterSeconds on a refusal, seconds until a request can be admitted (rounded up, ≥ 1)
 */
record Decision(
        boolean admitted,
        String policy,
        long limit,
        long windowSeconds,
        long remaining,
        long resetSeconds,
        long retryAfterSeconds) {

    static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
