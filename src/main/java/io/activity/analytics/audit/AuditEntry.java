package io.activity.analytics.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * One request of a company's routes as its audit trail records it.
 *
 * @param userId the calling user, null for a service token
 * @param route the route template
 * @param repeats further refused requests of the company in the same window that this row stands
 *     for (they were folded into it instead of being written one by one); 0 for every other row
 */
public record AuditEntry(
        UUID companyId,
        Instant at,
        UUID userId,
        String subject,
        String route,
        String method,
        String query,
        int status,
        Outcome outcome,
        int repeats) {

    /** allowed: passed the access check; denied: refused by it; limited: refused by the rate limit. */
    public enum Outcome {
        ALLOWED,
        DENIED,
        LIMITED;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    AuditEntry withQuery(String cut) {
        return new AuditEntry(companyId, at, userId, subject, route, method, cut, status, outcome, repeats);
    }

    AuditEntry withRepeats(int count) {
        return new AuditEntry(companyId, at, userId, subject, route, method, query, status, outcome, count);
    }

    boolean refused() {
        return outcome != Outcome.ALLOWED;
    }
}
