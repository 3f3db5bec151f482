package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimezoneChangeTest extends IngestTestSupport {

    private List<String> days(UUID company) {
        return jdbc.sql(
                        "select day || '=' || total_activity_count from daily_company_activity where company_id = :c order by day")
                .param("c", company)
                .query(String.class)
                .list();
    }

    @Test
    void aNewTimezoneRebuildsTheLocalDays() throws Exception {
        UUID company = company("UTC");
        UUID ada = member(company);
        var response = api.post(
                heartbeats(company),
                Tokens.ingest(),
                batch(
                        beat(UUID.randomUUID(), ada, "d", "2026-06-01T17:00:00Z", 1, 0, 0, 0, 0),
                        beat(UUID.randomUUID(), ada, "d", "2026-06-01T19:00:00Z", 2, 0, 0, 0, 0)));
        assertThat(response.status()).isEqualTo(200);
        assertThat(days(company)).containsExactly("2026-06-01=3");

        // In Kolkata 19:00Z is 00:30 the next day.
        var put = api.put(
                "/api/v2/companies/" + company, Tokens.provision(), Map.of("name", "Co", "timezone", "Asia/Kolkata"));
        assertThat(put.status()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!days(company).equals(List.of("2026-06-01=1", "2026-06-02=2")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(days(company)).containsExactly("2026-06-01=1", "2026-06-02=2");
        // New events land on the new zone's days.
        api.post(
                heartbeats(company),
                Tokens.ingest(),
                batch(beat(UUID.randomUUID(), ada, "d", "2026-06-01T18:45:00Z", 4, 0, 0, 0, 0)));
        assertThat(days(company)).containsExactly("2026-06-01=1", "2026-06-02=6");
    }
}
