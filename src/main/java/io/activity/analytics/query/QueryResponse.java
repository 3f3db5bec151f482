package io.activity.analytics.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The answer: the query as normalised, the zone used, the number of rows before paging, one page of rows. */
@Schema(name = "QueryResponse")
record QueryResponse(Echo query, String timezone, long totalRows, List<Row> results) {

    /** The normalised query: every default filled in, {@code compare} null when absent. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "QueryEcho")
    record Echo(
            List<String> metrics,
            List<LocalDate> dateRange,
            String granularity,
            List<String> dimensions,
            @Schema(description = "[op, dimension, values]") List<List<Object>> filters,
            String timezone,
            String compare,
            @Schema(description = "[name, asc|desc]") List<List<String>> orderBy,
            int limit,
            int offset) {}

    /**
     * One row: {@code date} only with a granularity; {@code dimensions} is {} without dimensions
     * (a value may be null: a member without a department); {@code comparison} and {@code change}
     * only with {@code compare}, a change being null where the earlier figure is 0.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "QueryRow")
    record Row(
            LocalDate date,
            Map<String, String> dimensions,
            Map<String, Long> metrics,
            Map<String, Long> comparison,
            Map<String, Double> change) {}
}
