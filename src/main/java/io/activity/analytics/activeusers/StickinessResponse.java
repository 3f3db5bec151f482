package io.activity.analytics.activeusers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/** Stickiness per day; the ratio is null (present) when nobody was active in the 30 days. */
record StickinessResponse(String timezone, List<Point> data) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @io.swagger.v3.oas.annotations.media.Schema(name = "StickinessPoint")
    record Point(String date, long dau, long wau, long mau, BigDecimal dauMauRatio) {}
}
