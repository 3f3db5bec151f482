package io.activity.analytics.activeusers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The active-users series; {@code date} is YYYY-MM-DD for daily and YYYY-MM for monthly points.
 * {@code previous} only with compare=previous (absent otherwise, so the old shape is unchanged):
 * the points of the equally long range just before, aligned by position.
 */
record ActiveUsersResponse(
        String type,
        String timezone,
        List<Point> data,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Point> previous) {

    ActiveUsersResponse(String type, String timezone, List<Point> data) {
        this(type, timezone, data, null);
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ActiveUsersPoint")
    record Point(String date, long activeUsers) {}
}
