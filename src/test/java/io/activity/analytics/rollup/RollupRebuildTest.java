package io.activity.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RollupRebuildTest extends IntegrationTest {

    @Autowired
    RollupRebuild rebuild;

    private void view(UUID company, UUID user, String at, String path, Long durationMs) {
        jdbc.sql("""
                        insert into page_views (company_id, viewed_at, user_id, session_id, path, duration_ms)
                        values (:company, :at::timestamptz, :user, gen_random_uuid(), :path, :duration)
                        """)
                .param("company", company)
                .param("at", at)
                .param("user", user)
                .param("path", path)
                .param("duration", durationMs)
                .update();
    }

    @Test
    void pageRollupsFollowTheCompanyLocalDay() {
        // Asia/Kolkata is UTC+05:30: 2026-06-01T19:00Z is 00:30 on 2026-06-02 there.
        UUID company = company("Asia/Kolkata");
        UUID ada = member(company);
        UUID bob = member(company);
        view(company, ada, "2026-06-01T10:00:00Z", "/home", 1000L);
        view(company, ada, "2026-06-01T11:00:00Z", "/home", null);
        view(company, ada, "2026-06-01T19:00:00Z", "/home", 3000L);
        view(company, bob, "2026-06-01T12:00:00Z", "/reports", 500L);

        rebuild.rebuild(company);

        record Stat(String day, String path, int views, long durationSum, int durationCount) {}
        var stats = jdbc.sql("""
                        select day::text, path, page_views, duration_sum_ms, duration_count
                        from daily_page_stats where company_id = :company order by day, path
                        """)
                .param("company", company)
                .query((rs, n) -> new Stat(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getInt(5)))
                .list();
        assertThat(stats)
                .containsExactly(
                        new Stat("2026-06-01", "/home", 2, 1000, 1),
                        new Stat("2026-06-01", "/reports", 1, 500, 1),
                        new Stat("2026-06-02", "/home", 1, 3000, 1));

        // Each viewer gets an ordinal (0 and 1 here, in an order the rebuild chooses); a path's day
        // string has a 1 at the ordinal of every member who viewed it that day.
        int adaBit = ordinal(company, ada);
        int bobBit = ordinal(company, bob);
        assertThat(List.of(adaBit, bobBit)).containsExactlyInAnyOrder(0, 1);
        assertThat(dayUsers(company))
                .containsExactly(
                        "2026-06-01 /home " + bitString(adaBit),
                        "2026-06-01 /reports " + bitString(bobBit),
                        "2026-06-02 /home " + bitString(adaBit));

        rebuild.rebuild(company); // idempotent: the same rows again
        assertThat(jdbc.sql("select count(*) from daily_page_stats where company_id = :company")
                        .param("company", company)
                        .query(Long.class)
                        .single())
                .isEqualTo(3L);
    }

    private int ordinal(UUID company, UUID user) {
        return jdbc.sql("select ordinal from page_member_ordinals where company_id = :company and user_id = :user")
                .param("company", company)
                .param("user", user)
                .query(Integer.class)
                .single();
    }

    private List<String> dayUsers(UUID company) {
        return jdbc.sql("select day || ' ' || path || ' ' || users::text from page_day_users"
                        + " where company_id = :company order by day, path")
                .param("company", company)
                .query(String.class)
                .list();
    }

    /** The shortest bit string with only bit {@code k} set, as a member's first view writes it. */
    private static String bitString(int k) {
        return "0".repeat(k) + "1";
    }
}
