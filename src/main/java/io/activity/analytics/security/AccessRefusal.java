package io.activity.analytics.security;

import java.util.UUID;

/**
 * Left on the request by the access check when it refuses a caller on a company that exists (a
 * non-member's 404, a missing role's or scope's 403), so the audit trail can record the attempt
 * for that company's owners. Never set for companies that do not exist: nobody owns those rows.
 *
 * @param userId the caller's user id, null for a service token
 */
public record AccessRefusal(UUID companyId, UUID userId, String subject) {

    public static final String ATTRIBUTE = AccessRefusal.class.getName();
}
