package io.activity.analytics.activeusers;

import io.activity.analytics.replica.ReadStore;
import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.security.Caller;
import io.activity.analytics.web.SqlFiles;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Active users now, from the raw rows of the last minutes: a quarter-hour rollup is too coarse for
 * minutes, and what it would save is small, since one statement reads at most an hour of one
 * company's heartbeats, page views and sessions, each through an index leading with
 * (company_id, time) (heartbeats and page views: their primary keys, on the one or two month
 * partitions that hold the hour; sessions: {@code sessions_last_activity_idx}, V105).
 */
@Component
class ActiveNowQuery {

    /** per_minute covers this many minutes, the last one holding as_of. */
    static final int MINUTES = 30;

    private static final String SQL = SqlFiles.text(ActiveNowQuery.class, "active-now.sql")
            .formatted(
                    ActivitySource.each("h.{column} > 0 as {alias}"),
                    ActivitySource.each("false"),
                    ActivitySource.each("bool_or(last_at > :since and {alias}) as {alias}"),
                    ActivitySource.each("count(*) filter (where {alias}) as {alias}"));

    private final ReadStore reads;

    ActiveNowQuery(ReadStore reads) {
        this.reads = reads;
    }

    ActiveNowResponse now(Caller caller, Instant asOf, int windowMinutes) {
        Instant since = asOf.minus(Duration.ofMinutes(windowMinutes));
        Instant firstMinute = asOf.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(MINUTES - 1));
        Instant lower = since.isBefore(firstMinute) ? since : firstMinute;
        List<ActiveNowResponse.Minute> minutes = new ArrayList<>(MINUTES);
        Map<String, Long> byApp = new LinkedHashMap<>();
        long[] windowUsers = {0};
        reads.jdbc()
                .sql(SQL)
                .param("company", caller.companyId())
                .param("as_of", utc(asOf))
                .param("since", utc(since))
                .param("first_minute", utc(firstMinute))
                .param("lower", utc(lower))
                .query(rs -> {
                    minutes.add(new ActiveNowResponse.Minute(
                            rs.getObject("minute", OffsetDateTime.class).toInstant(), rs.getLong("minute_users")));
                    if (byApp.isEmpty()) {
                        windowUsers[0] = rs.getLong("window_users");
                        for (ActivitySource source : ActivitySource.values()) {
                            byApp.put(source.app, rs.getLong(source.alias));
                        }
                    }
                });
        return new ActiveNowResponse(asOf, windowMinutes, windowUsers[0], byApp, minutes);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
