package io.activity.analytics.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.ReadsFixtures;
import io.activity.analytics.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * insights/trends with compare=previous: the requested range's buckets moved back by the range's
 * length (the equally long range just before), each dated by its own first day, aligned by position.
 */
class TrendsCompareTest extends IntegrationTest {

    private static final String METRICS = "/api/v2/companies/{companyId}/user-metrics/";

    @Autowired
    RollupRebuild rollups;

    ReadsFixtures rows;

    @BeforeEach
    void fixtures() {
        rows = new ReadsFixtures(jdbc);
    }

    private JsonNode ok(UUID company, String query, String token) {
        return getOk(company, "/insights/trends?" + query, token);
    }

    private static List<String> trend(JsonNode data) {
        List<String> out = new ArrayList<>();
        data.forEach(p -> out.add(
                p.get("date").asString() + " users=" + p.get("active_users").asLong()
                        + " requests=" + p.get("requests").asLong()
                        + " avg="
                        + (p.get("avg_response_time_ms").isNull()
                                ? "null"
                                : p.get("avg_response_time_ms")
                                        .decimalValue()
                                        .stripTrailingZeros()
                                        .toPlainString())
                        + " views=" + p.get("page_views").asLong()));
        return out;
    }

    private static List<String> keys(JsonNode body) {
        List<String> keys = new ArrayList<>();
        body.properties().forEach(e -> keys.add(e.getKey()));
        return keys;
    }

    private UUID reader;

    /**
     * America/New_York; 2026-03-08 is the 23-hour DST day (EDT from 07:00Z). Mondays: 02-23, 03-02,
     * 03-09, 03-16.
     *
     * <pre>
     * row (UTC)                               New York day   Kolkata day
     * ada  heartbeat 03-08 04:30              03-07 (23:30)  03-08
     * ada  heartbeat 03-09 03:30              03-08 (23:30)  03-09
     * bob  page view 03-09 04:30              03-09 (00:30)  03-09
     * cid  heartbeat 03-02 05:00              03-02 (00:00)  03-02
     * cid  page view 03-08 06:30              03-08 (01:30)  03-08
     * dee  heartbeat 03-02 04:59:59           03-01          03-02
     * eve  heartbeats 03-05 12:00, 03-15 12:00 03-05, 03-15  03-05, 03-15
     * gil  heartbeat 02-20 12:00              02-20          02-20
     * hat  heartbeat 03-08 18:30              03-08 (14:30)  03-09 (00:00)
     * requests: ada 03-08 04:30 10 ms (NY 03-07, Kolkata 03-08), cid 03-02 04:00 30 ms (NY 03-01),
     *           ada 03-10 12:00 20 ms (03-10 everywhere)
     * </pre>
     */
    private UUID newYork() {
        UUID company = company("America/New_York");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID cid = member(company);
        UUID dee = member(company);
        UUID eve = member(company);
        UUID gil = member(company);
        UUID hat = member(company);
        reader = ada;
        rows.heartbeat(company, ada, "2026-03-08T04:30:00Z", 2);
        rows.heartbeat(company, ada, "2026-03-09T03:30:00Z", 1);
        rows.pageView(company, bob, "2026-03-09T04:30:00Z", "/home", null);
        rows.heartbeat(company, cid, "2026-03-02T05:00:00Z", 1);
        rows.pageView(company, cid, "2026-03-08T06:30:00Z", "/reports", null);
        rows.heartbeat(company, dee, "2026-03-02T04:59:59Z", 1);
        rows.heartbeat(company, eve, "2026-03-05T12:00:00Z", 1);
        rows.heartbeat(company, eve, "2026-03-15T12:00:00Z", 1);
        rows.heartbeat(company, gil, "2026-02-20T12:00:00Z", 1);
        rows.heartbeat(company, hat, "2026-03-08T18:30:00Z", 1);
        rows.usage(company, ada, "2026-03-08T04:30:00Z", METRICS, "GET", 10);
        rows.usage(company, cid, "2026-03-02T04:00:00Z", METRICS, "GET", 30);
        rows.usage(company, ada, "2026-03-10T12:00:00Z", METRICS, "GET", 20);
        rollups.rebuild(company);
        return company;
    }

    @Test
    void wholeWeeksCompareWithTheWeeksBeforeIncludingTheDstWeek() {
        UUID company = newYork();
        String token = Tokens.user(reader);
        var body = ok(company, "start_date=2026-03-09&end_date=2026-03-22&granularity=week&compare=previous", token);

        assertThat(keys(body)).containsExactly("granularity", "timezone", "data", "previous");
        assertThat(trend(body.get("data")))
                .containsExactly(
                        "2026-03-09 users=2 requests=1 avg=20 views=1", // bob, eve
                        "2026-03-16 users=0 requests=0 avg=null views=0");
        // 02-23 … 03-01: dee (and cid's request at 23:00 EST on 03-01); 03-02 … 03-08, the DST week:
        // cid, eve, ada (03-07 and 03-08), hat (14:30 EDT on 03-08), cid's view, ada's request.
        assertThat(trend(body.get("previous")))
                .containsExactly(
                        "2026-02-23 users=1 requests=1 avg=30 views=0", "2026-03-02 users=4 requests=1 avg=10 views=1");

        var plain = ok(company, "start_date=2026-03-09&end_date=2026-03-22&granularity=week", token);
        assertThat(keys(plain)).containsExactly("granularity", "timezone", "data");
        assertThat(plain.get("data")).isEqualTo(body.get("data"));
    }

    /**
     * 12 days from a Wednesday: buckets 03-04 … 03-08 (5 days) and 03-09 … 03-15 (7). The previous
     * range 02-20 … 03-03 is cut the same way, 12 days earlier: 02-20 … 02-24 and 02-25 … 03-03.
     */
    @Test
    void partialWeeksCompareWithTheSameBucketsMovedBack() {
        UUID company = newYork();
        var body = ok(
                company, "start_date=2026-03-04&end_date=2026-03-15&granularity=week&compare=previous", Tokens.read());
        assertThat(trend(body.get("data")))
                .containsExactly(
                        "2026-03-04 users=4 requests=1 avg=10 views=1", // eve, ada, hat, cid (view)
                        "2026-03-09 users=2 requests=1 avg=20 views=1"); // bob, eve
        assertThat(trend(body.get("previous")))
                .containsExactly(
                        "2026-02-20 users=1 requests=0 avg=null views=0", // gil
                        "2026-02-25 users=2 requests=1 avg=30 views=0"); // dee (03-01), cid (03-02)
    }

    @Test
    void daysInKolkataCompareWithTheDaysBefore() {
        UUID company = newYork();
        var body = ok(
                company,
                "start_date=2026-03-09&end_date=2026-03-10&timezone=Asia/Kolkata&compare=previous",
                Tokens.user(reader));
        assertThat(body.get("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(trend(body.get("data")))
                .containsExactly(
                        "2026-03-09 users=3 requests=0 avg=null views=1", // ada, bob, hat (00:00 IST)
                        "2026-03-10 users=0 requests=1 avg=20 views=0");
        assertThat(trend(body.get("previous")))
                .containsExactly(
                        "2026-03-07 users=0 requests=0 avg=null views=0",
                        "2026-03-08 users=2 requests=1 avg=10 views=1"); // ada, cid (view)
    }

    @Test
    void anyOtherCompareIsRefusedNamingCompare() {
        UUID company = company("UTC");
        String token = Tokens.user(member(company));
        for (String bad : List.of("next", "Previous", "year", "1")) {
            var response = api.get(
                    "/api/v2/companies/" + company + "/insights/trends?start_date=2026-03-01&compare=" + bad, token);
            assertThat(response.status()).as(bad + " " + response).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
            assertThat(response.json().get("errors").properties())
                    .as(bad + " " + response.body())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("compare");
        }
    }
}
