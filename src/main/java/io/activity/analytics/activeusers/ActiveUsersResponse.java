package io.activity.analytics.activeusers;

import java.util.List;

/** The active-users series; {@code date} is YYYY-MM-DD for daily and YYYY-MM for monthly points. */
record ActiveUsersResponse(String type, String timezone, List<Point> data) {

    @io.swagger.v3.oas.annotations.media.Schema(name = "ActiveUsersPoint")
    record Point(String date, long activeUsers) {}
}
