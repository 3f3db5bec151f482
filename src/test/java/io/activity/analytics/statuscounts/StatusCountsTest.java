package io.activity.analytics.statuscounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StatusCountsTest extends IntegrationTest {

    /**
     * The trigger stamps every change with now(); the fixture moves the member's n-th change (in
     * change_id order) to a past instant, as if it had happened then.
     */
    private void moveChange(UUID company, UUID user, int nth, String at) {
        int updated = jdbc.sql("""
                        update user_status_changes set changed_at = :at::timestamptz
                        where company_id = :company and change_id = (
                            select change_id from user_status_changes
                            where company_id = :company and user_id = :user
                            order by change_id offset :nth limit 1)
                        """)
                .param("company", company)
                .param("user", user)
                .param("nth", nth)
                .param("at", at)
                .update();
        assertThat(updated).isEqualTo(1);
    }

    private void patchStatus(UUID company, UUID user, String status) {
        var response = api.patch(
                "/api/v2/companies/" + company + "/members/" + user, Tokens.provision(), Map.of("status", status));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static List<String> counts(JsonNode series) {
        List<String> out = new ArrayList<>();
        series.forEach(
                p -> out.add(p.get("date").asString() + "=" + p.get("count").asLong()));
        return out;
    }

    /**
     * Asia/Kolkata (+05:30). Range 2026-05-01 … 05-05; every member below was created on
     * 2026-04-01T00:00Z unless said otherwise.
     *
     * <pre>
     * ann  active throughout
     * ben  active; → inactive 05-02T10:00Z (15:30 IST), → active 05-02T18:00Z (23:30 IST): active every day
     * cat  active; → pending 05-03T18:40Z = 05-04 00:10 IST: pending from 05-04 (in UTC it would be 05-03)
     * dan  created pending 05-03T05:00Z (10:30 IST): counts from 05-03 only
     * eli  created inactive; soft-deleted 05-04T12:00Z (17:30 IST): inactive until 05-03, then nowhere
     * gus  active; → inactive 05-10 (after the range): active every day of it
     * the reader, created when the test runs (after May 2026), counts nowhere in May
     * </pre>
     */
    @Test
    void endOfDayStatusPerMemberInTheCompanyZone() {
        UUID company = company("Asia/Kolkata");
        String created = "2026-04-01T00:00:00Z";
        UUID ann = member(company, "member", "active");
        moveChange(company, ann, 0, created);
        UUID ben = member(company, "member", "active");
        moveChange(company, ben, 0, created);
        patchStatus(company, ben, "inactive");
        patchStatus(company, ben, "active");
        moveChange(company, ben, 1, "2026-05-02T10:00:00Z");
        moveChange(company, ben, 2, "2026-05-02T18:00:00Z");
        UUID cat = member(company, "member", "active");
        moveChange(company, cat, 0, created);
        patchStatus(company, cat, "pending");
        moveChange(company, cat, 1, "2026-05-03T18:40:00Z");
        UUID dan = member(company, "member", "pending");
        moveChange(company, dan, 0, "2026-05-03T05:00:00Z");
        UUID eli = member(company, "member", "inactive");
        moveChange(company, eli, 0, created);
        assertThat(api.delete("/api/v2/companies/" + company + "/members/" + eli, Tokens.provision())
                        .status())
                .isEqualTo(204);
        moveChange(company, eli, 1, "2026-05-04T12:00:00Z");
        UUID gus = member(company, "member", "active");
        moveChange(company, gus, 0, created);
        patchStatus(company, gus, "inactive");
        moveChange(company, gus, 1, "2026-05-10T12:00:00Z");
        UUID reader = member(company);

        var response = api.get(
                "/api/v2/companies/" + company + "/user-status-counts?date_from=2026-05-01&date_to=2026-05-05",
                Tokens.user(reader));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var statusCounts = response.json().get("status_counts");
        assertThat(statusCounts.propertyNames()).containsExactly("active", "inactive", "pending");
        assertThat(counts(statusCounts.get("active")))
                .containsExactly("2026-05-01=4", "2026-05-02=4", "2026-05-03=4", "2026-05-04=3", "2026-05-05=3");
        assertThat(counts(statusCounts.get("inactive")))
                .containsExactly("2026-05-01=1", "2026-05-02=1", "2026-05-03=1", "2026-05-04=0", "2026-05-05=0");
        assertThat(counts(statusCounts.get("pending")))
                .containsExactly("2026-05-01=0", "2026-05-02=0", "2026-05-03=1", "2026-05-04=2", "2026-05-05=2");
    }

    @Test
    void defaultsToTheLastThirtyDaysWithEveryStatusZeroFilled() {
        clock.fix("2026-07-15T12:00:00Z"); // far from midnight
        UUID company = company("UTC");
        UUID reader = member(company);
        moveChange(company, reader, 0, "2026-07-15T09:00:00Z"); // created this morning
        var response = api.get("/api/v2/companies/" + company + "/user-status-counts", Tokens.user(reader));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var statusCounts = response.json().get("status_counts");
        for (String status : new String[] {"active", "inactive", "pending"}) {
            var series = statusCounts.get(status);
            assertThat(series).as(status).hasSize(30);
            assertThat(series.get(0).get("date").asString()).isEqualTo("2026-06-16");
            assertThat(series.get(29).get("date").asString()).isEqualTo("2026-07-15");
            assertThat(series.get(28).get("count").asLong()).isZero();
            assertThat(series.get(29).get("count").asLong()).isEqualTo(status.equals("active") ? 1 : 0);
        }
    }

    /**
     * Asia/Kolkata: 2026-07-15 00:00 IST is 2026-07-14T18:30Z. ann was created one second before
     * that midnight (23:59:59 IST on 07-14), ben exactly at it. Each clock position reads a URL of
     * its own, so no cached answer is reused.
     */
    @Test
    void todayIsTheCompanysDayAndTurnsAtItsMidnight() {
        UUID company = company("Asia/Kolkata");
        UUID ann = member(company);
        moveChange(company, ann, 0, "2026-07-14T18:29:59Z");
        UUID ben = member(company);
        moveChange(company, ben, 0, "2026-07-14T18:30:00Z");
        String url = "/api/v2/companies/" + company + "/user-status-counts";
        String token = Tokens.user(ann);

        // The last microsecond of 07-14 in Kolkata: today is 07-14, ben does not exist yet.
        clock.fix("2026-07-14T18:29:59.999999Z");
        var before = api.get(url + "?date_from=2026-07-13", token);
        assertThat(before.status()).as(before.toString()).isEqualTo(200);
        assertThat(counts(before.json().get("status_counts").get("active")))
                .containsExactly("2026-07-13=0", "2026-07-14=1");

        // Midnight in Kolkata (still 07-14 in UTC): today is 07-15, the default range 06-16 … 07-15.
        clock.fix("2026-07-14T18:30:00Z");
        var at = api.get(url, token);
        assertThat(at.status()).as(at.toString()).isEqualTo(200);
        var active = at.json().get("status_counts").get("active");
        assertThat(active).hasSize(30);
        assertThat(active.get(0).get("date").asString()).isEqualTo("2026-06-16");
        assertThat(counts(active).subList(27, 30)).containsExactly("2026-07-13=0", "2026-07-14=1", "2026-07-15=2");
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        UUID company = company("UTC");
        String token = Tokens.user(member(company));
        String[][] cases = {
            {"date_from=2026-02-30", "date_from"},
            {"date_from=yesterday", "date_from"},
            {"date_from=-0001-12-31&date_to=0001-01-01", "date_from"},
            {"date_to=2026/01/01", "date_to"},
            {"date_from=2026-01-02&date_to=2026-01-01", "date_to"},
            {"date_from=2025-01-01&date_to=2026-01-02", "date_to"},
        };
        for (String[] bad : cases) {
            var response = api.get("/api/v2/companies/" + company + "/user-status-counts?" + bad[0], token);
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
            assertThat(response.json().get("errors").has(bad[1])).as(bad[0]).isTrue();
        }
        var longest = api.get(
                "/api/v2/companies/" + company + "/user-status-counts?date_from=2025-01-02&date_to=2026-01-02", token);
        assertThat(longest.status()).isEqualTo(200);
        assertThat(longest.json().get("status_counts").get("pending")).hasSize(366);
    }

    @Test
    void onlyActiveMembersOfTheCompanyMayRead() {
        UUID company = company("UTC");
        member(company);
        UUID pending = member(company, "member", "pending");
        UUID outsider = member(company("UTC"), "member", "active");
        String url = "/api/v2/companies/" + company + "/user-status-counts";
        var service = api.get(url, Tokens.provision());
        assertThat(service.status()).isEqualTo(403);
        assertThat(service.json().get("code").asString()).isEqualTo("permission_denied");
        var foreign = api.get(url, Tokens.user(outsider));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
        assertThat(foreign.body()).doesNotContain("status_counts");
        assertThat(api.get(url, Tokens.user(pending)).status()).isEqualTo(404);
    }
}
