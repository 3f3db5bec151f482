package io.activity.analytics.company;

import java.io.Serializable;
import java.util.UUID;

/** The key of a user and of a membership: the company first, as every key in the schema. */
record MemberKey(UUID companyId, UUID userId) implements Serializable {}
