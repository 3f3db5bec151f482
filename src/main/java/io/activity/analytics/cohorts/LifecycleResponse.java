package io.activity.analytics.cohorts;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Per period (named by its first day): how many members were new, returning, resurrecting, dormant. */
record LifecycleResponse(String period, String timezone, List<Point> data) {

    @Schema(name = "LifecyclePoint")
    record Point(
            String date,
            @JsonProperty("new") @Schema(name = "new") long newMembers,
            long returning,
            long resurrecting,
            long dormant) {}
}
