package io.activity.analytics.activity;

import io.activity.analytics.replica.ReadStore;
import io.activity.analytics.web.ApiException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads a series as one value per local day and groups the days into buckets. In the company's
 * own zone the daily rollups (keyed by company-local day) answer it; in any other zone the
 * 15-minute UTC rollups are summed into that zone's days, which is exact because every offset in
 * use is a multiple of 15 minutes. Either way at most a few thousand rollup rows, whatever the
 * history.
 */
@Component
class ActivitySeries {

    private final ReadStore reads;

    ActivitySeries(ReadStore reads) {
        this.reads = reads;
    }

    SeriesResponse forUser(UUID company, ZoneId companyZone, UUID user, SeriesRequest request) {
        String column = request.metric().column;
        Map<LocalDate, Long> days;
        if (request.zone().equals(companyZone)) {
            // The left join keeps one row for a member without activity; no row means no member.
            var rows = reads.jdbc()
                    .sql("""
                            select d.day, d.%s as value
                            from company_members m
                            left join daily_user_activity d
                              on d.company_id = m.company_id and d.user_id = m.user_id
                             and d.day between :start and :end
                            where m.company_id = :company and m.user_id = :user and m.deleted_at is null
                            """.formatted(column))
                    .param("company", company)
                    .param("user", user)
                    .param("start", request.start())
                    .param("end", request.end())
                    .query((rs, n) -> new DayValue(rs.getObject("day", LocalDate.class), rs.getLong("value")))
                    .list();
            if (rows.isEmpty()) {
                throw ApiException.userNotFound();
            }
            days = toMap(rows);
        } else {
            boolean member = reads.jdbc()
                    .sql("""
                            select exists (select 1 from company_members
                                           where company_id = :company and user_id = :user and deleted_at is null)
                            """)
                    .param("company", company)
                    .param("user", user)
                    .query(Boolean.class)
                    .single();
            if (!member) {
                throw ApiException.userNotFound();
            }
            days = quarterHours("quarter_hour_activity", "user_id = :key", company, user, request);
        }
        return response(request, days);
    }

    SeriesResponse forDevice(UUID company, ZoneId companyZone, String device, SeriesRequest request) {
        Map<LocalDate, Long> days;
        if (request.zone().equals(companyZone)) {
            days = toMap(reads.jdbc()
                    .sql("""
                            select day, %s as value
                            from daily_device_activity
                            where company_id = :company and device_id = :device and day between :start and :end
                            """.formatted(request.metric().column))
                    .param("company", company)
                    .param("device", device)
                    .param("start", request.start())
                    .param("end", request.end())
                    .query((rs, n) -> new DayValue(rs.getObject("day", LocalDate.class), rs.getLong("value")))
                    .list());
        } else {
            days = quarterHours("quarter_hour_activity", "device_id = :key", company, device, request);
        }
        // Nothing in the range: a device seen on other days gets zeros, one never seen a 404.
        if (days.isEmpty()
                && !reads.jdbc()
                        .sql("""
                                select exists (select 1 from daily_device_activity
                                               where company_id = :company and device_id = :device)
                                """)
                        .param("company", company)
                        .param("device", device)
                        .query(Boolean.class)
                        .single()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "device_not_found", "Device not found in this company.");
        }
        return response(request, days);
    }

    SeriesResponse forApp(UUID company, ZoneId companyZone, Metric app, SeriesRequest request) {
        // The app is the source counted; the metric must be the app's own or the total of the app.
        if (request.metric() != Metric.ACTIVITY && request.metric() != app) {
            throw ApiException.validation("metric", "must be activity-count or " + app.value + " for app " + app.app);
        }
        Map<LocalDate, Long> days;
        if (request.zone().equals(companyZone)) {
            days = toMap(reads.jdbc()
                    .sql("""
                            select day, %s as value
                            from daily_company_activity
                            where company_id = :company and day between :start and :end
                            """.formatted(app.column))
                    .param("company", company)
                    .param("start", request.start())
                    .param("end", request.end())
                    .query((rs, n) -> new DayValue(rs.getObject("day", LocalDate.class), rs.getLong("value")))
                    .list());
        } else {
            days = quarterHours("quarter_hour_company_activity", null, company, null, app.column, request);
        }
        return response(request, days);
    }

    private Map<LocalDate, Long> quarterHours(
            String table, String keyCondition, UUID company, Object key, SeriesRequest request) {
        return quarterHours(table, keyCondition, company, key, request.metric().column, request);
    }

    /** Sums 15-minute UTC buckets into the requested zone's days, in that zone's day boundaries. */
    private Map<LocalDate, Long> quarterHours(
            String table, String keyCondition, UUID company, Object key, String column, SeriesRequest request) {
        String sql = """
                select local_day(bucket_start, :zone) as day, sum(%s) as value
                from %s
                where company_id = :company %s and bucket_start >= :from and bucket_start < :to
                group by 1
                """.formatted(column, table, keyCondition == null ? "" : "and " + keyCondition);
        var spec = reads.jdbc()
                .sql(sql)
                .param("zone", request.zone().getId())
                .param("company", company)
                .param("from", startOf(request.start(), request.zone()))
                .param("to", startOf(request.end().plusDays(1), request.zone()));
        if (key != null) {
            spec = spec.param("key", key);
        }
        return toMap(spec.query((rs, n) -> new DayValue(rs.getObject("day", LocalDate.class), rs.getLong("value")))
                .list());
    }

    private static OffsetDateTime startOf(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    private record DayValue(LocalDate day, long value) {}

    private static Map<LocalDate, Long> toMap(List<DayValue> rows) {
        Map<LocalDate, Long> days = new HashMap<>();
        for (DayValue row : rows) {
            if (row.day() != null) {
                days.merge(row.day(), row.value(), Long::sum);
            }
        }
        return days;
    }

    /** Zero-filled buckets; a bucket is dated by its first day inside the range. */
    static SeriesResponse response(SeriesRequest request, Map<LocalDate, Long> days) {
        Map<LocalDate, Long> buckets = new LinkedHashMap<>();
        for (LocalDate day = request.start(); !day.isAfter(request.end()); day = day.plusDays(1)) {
            LocalDate bucket = request.granularity().periodStart(day);
            if (bucket.isBefore(request.start())) {
                bucket = request.start();
            }
            buckets.merge(bucket, days.getOrDefault(day, 0L), Long::sum);
        }
        List<SeriesResponse.Point> data = new ArrayList<>(buckets.size());
        buckets.forEach((date, value) -> data.add(new SeriesResponse.Point(date, value)));
        return new SeriesResponse(
                request.metric().value,
                request.metric().label,
                request.granularity().value,
                request.zone().getId(),
                new SeriesResponse.Period(request.start(), request.end()),
                data);
    }
}
