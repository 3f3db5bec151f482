package io.activity.analytics.security;

import java.util.UUID;

/**
 * The user of a user token, for a {@link UserAccess} handler outside the company tree. Like
 * {@link Caller}, handlers take it as a parameter and it only exists once the access check passed;
 * it says nothing about any company (each handler reads memberships itself).
 */
public record SignedInUser(UUID userId) {}
