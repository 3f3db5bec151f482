package io.activity.analytics.web;

import io.swagger.v3.oas.models.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature groups of the OpenAPI document (Swagger UI's sections), one per feature package.
 * Each controller names its group with {@code @Tag(name = ApiTags.…)}; the descriptions live here
 * once, and the document lists the groups in this order (the order a new user reads them in).
 */
public final class ApiTags {

    public static final String INGEST = "Ingest";
    public static final String USER_METRICS = "User metrics";
    public static final String ACTIVITY = "Activity";
    public static final String ACTIVE_USERS = "Active users";
    public static final String COHORTS = "Cohorts";
    public static final String STATUS_COUNTS = "Status counts";
    public static final String PAGE_STATISTICS = "Page statistics";
    public static final String INSIGHTS = "Insights";
    public static final String QUERY = "Query";
    public static final String COMPANIES = "Companies & members";
    public static final String DATA_RIGHTS = "Data rights & retention";
    public static final String AUDIT = "Audit log";

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(
                INGEST,
                "Sending activity: batches of heartbeats and page views (service tokens with scope"
                        + " analytics:ingest), and the dashboard's own single-event tracking (member tokens).");
        DESCRIPTIONS.put(
                USER_METRICS,
                "The member list with each member's activity figures, the company summary, the CSV"
                        + " export and the rebuild of derived data.");
        DESCRIPTIONS.put(
                ACTIVITY, "Activity series (daily, weekly, monthly, quarterly) of one member, one device or one app.");
        DESCRIPTIONS.put(
                ACTIVE_USERS,
                "Daily and monthly active users, stickiness (DAU, WAU, MAU) and who is active right now.");
        DESCRIPTIONS.put(COHORTS, "Retention cohorts and lifecycle (new, returning, resurrecting, dormant members).");
        DESCRIPTIONS.put(STATUS_COUNTS, "Members per status (active, inactive, pending) at the end of each day.");
        DESCRIPTIONS.put(PAGE_STATISTICS, "Views, distinct viewers and average duration per page path.");
        DESCRIPTIONS.put(
                INSIGHTS,
                "Reports over a window: session time and API latency per member, requests per endpoint,"
                        + " and trends per day, week or month.");
        DESCRIPTIONS.put(
                QUERY,
                "One typed query over the company's activity: metrics by dimensions, filters and a comparison"
                        + " period.");
        DESCRIPTIONS.put(
                COMPANIES,
                "Provisioning of companies and members (service tokens with scope analytics:provision), and"
                        + " the signed-in user's own companies.");
        DESCRIPTIONS.put(
                DATA_RIGHTS,
                "Erasure of one member's analytics data (right to erasure) and deletion of data older than a"
                        + " number of days.");
        DESCRIPTIONS.put(
                AUDIT,
                "Every request the access check allowed or refused on the company's routes, and every read over the"
                        + " rate limit (owners only).");
    }

    private ApiTags() {}

    /** The document's tag list, in reading order, each with its description. */
    public static List<Tag> all() {
        return DESCRIPTIONS.entrySet().stream()
                .map(e -> new Tag().name(e.getKey()).description(e.getValue()))
                .toList();
    }
}
