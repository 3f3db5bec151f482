package io.activity.analytics.usermetrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** One member's row of the list and the export, exactly the contract's result object. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record UserMetric(
        UUID userId,
        String email,
        String firstName,
        String lastName,
        Instant lastActive,
        long totalSessions,
        long sessionsThisMonth,
        String avgSessionDuration,
        String status,
        String role,
        String department,
        Instant createdAt,
        Instant lastLogin) {

    /** The field names in order: the CSV header. */
    static final String[] FIELDS = {
        "user_id",
        "email",
        "first_name",
        "last_name",
        "last_active",
        "total_sessions",
        "sessions_this_month",
        "avg_session_duration",
        "status",
        "role",
        "department",
        "created_at",
        "last_login"
    };

    Object[] cells() {
        return new Object[] {
            userId,
            email,
            firstName,
            lastName,
            lastActive,
            totalSessions,
            sessionsThisMonth,
            avgSessionDuration,
            status,
            role,
            department,
            createdAt,
            lastLogin
        };
    }

    /** HH:MM:SS of a whole number of seconds; hours grow past 99 rather than wrap. */
    static String duration(long seconds) {
        return String.format("%02d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }
}
