package io.activity.analytics.activeusers;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Who is active now: distinct members in the window (:as_of − window_minutes, as_of], per app
 * (every app present, zero-filled), and per minute of the last 30 (oldest first, zero-filled).
 */
@Schema(name = "ActiveUsersNow")
record ActiveNowResponse(
        Instant asOf, int windowMinutes, long activeUsers, Map<String, Long> byApp, List<Minute> perMinute) {

    /** Distinct members active in the minute [minute, minute + 1 min) (the last one up to as_of). */
    @Schema(name = "ActiveUsersNowMinute")
    record Minute(Instant minute, long activeUsers) {}
}
