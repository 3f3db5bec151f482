package io.activity.analytics.cohorts;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Retention cohorts, oldest first; retained[k] counts the cohort's members active k periods after its own. */
record RetentionResponse(String period, String cohortBy, String timezone, List<Cohort> cohorts) {

    @Schema(name = "RetentionCohort")
    record Cohort(String cohort, long size, List<Long> retained) {}
}
