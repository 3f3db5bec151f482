package io.activity.analytics.rollup;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The monthly partitions of the raw event tables. V2 creates them only around migration time;
 * writers call {@link #ensure} with the instants of a batch before inserting, which costs one map
 * lookup per distinct month once the month is known, and one {@code ensure_month_partition} call
 * (in its own short transaction, outside the writer's) the first time.
 */
@Component
public class Partitions {

    public static final String HEARTBEATS = "heartbeats";
    public static final String PAGE_VIEWS = "page_views";
    public static final String USAGE_EVENTS = "usage_events";

    private final JdbcTemplate jdbc;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public Partitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void ensure(String parent, Collection<Instant> instants) {
        Set<YearMonth> months = new TreeSet<>();
        for (Instant at : instants) {
            months.add(YearMonth.from(at.atOffset(ZoneOffset.UTC)));
        }
        for (YearMonth month : months) {
            ensure(parent, month);
        }
    }

    public void ensure(String parent, Instant at) {
        ensure(parent, YearMonth.from(at.atOffset(ZoneOffset.UTC)));
    }

    private void ensure(String parent, YearMonth month) {
        String name = name(parent, month);
        if (known.contains(name)) {
            return;
        }
        // Called outside any transaction of the caller's (none is open yet), so the DDL commits at once.
        jdbc.queryForObject(
                "select ensure_month_partition(?, ?::timestamptz)",
                String.class,
                parent,
                month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        known.add(name);
    }

    /** After a partition was dropped, or when an insert found one missing (dropped elsewhere). */
    public void forget(String parent, YearMonth month) {
        known.remove(name(parent, month));
    }

    public void forgetAll() {
        known.clear();
    }

    static String name(String parent, YearMonth month) {
        return parent + "_" + String.format("%04d%02d", month.getYear(), month.getMonthValue());
    }
}
