package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.security.Caller;
import io.activity.analytics.security.Role;
import io.activity.analytics.support.Tokens;
import io.activity.analytics.web.ApiException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingest that was checked before a member's erasure and writes after it: the batch passed its
 * member check (or the page view its access check) while the member still was one, and its
 * transaction takes the company's lock only after the erasure committed. Membership is checked
 * again under the lock, so nothing of the erased member is stored after the erasure.
 */
class ErasedMemberIngestTest extends IngestTestSupport {

    @Autowired
    HeartbeatWriter writer;

    @Autowired
    Tracking tracking;

    private void erase(UUID company, UUID user) {
        var response = api.delete("/api/v2/companies/" + company + "/members/" + user + "/data", Tokens.provision());
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
    }

    @Test
    void aHeartbeatBatchValidatedBeforeTheErasureStoresNothingOfTheErasedMember() {
        UUID company = company("UTC");
        UUID erased = member(company);
        UUID kept = member(company);
        erase(company, erased);
        int[] counts = new int[ActivitySource.values().length];
        counts[0] = 3;
        Instant at = Instant.parse("2026-06-01T10:00:00Z");
        UUID keptEvent = UUID.randomUUID();
        int accepted = writer.write(
                company,
                List.of(
                        new Heartbeat(UUID.randomUUID(), erased, "d", at, counts),
                        new Heartbeat(keptEvent, kept, "d", at.plusSeconds(60), counts)));
        assertThat(accepted).isEqualTo(1); // the kept member's only
        assertThat(jdbc.sql("select user_id from heartbeats where company_id = ?")
                        .param(company)
                        .query(UUID.class)
                        .list())
                .containsExactly(kept);
        assertThat(jdbc.sql("select event_id from heartbeat_event_ids where company_id = ?")
                        .param(company)
                        .query(UUID.class)
                        .list())
                .containsExactly(keptEvent);
        assertThat(count("user_active_days", company)).isEqualTo(1);
    }

    @Test
    void aPageViewAdmittedBeforeTheErasureStoresNothingOfTheErasedMember() {
        UUID company = company("UTC");
        UUID erased = member(company);
        // The access check passed while the member was one: the caller the handler was given.
        Caller caller = new Caller(company, ZoneOffset.UTC, erased, Role.MEMBER, erased.toString(), Set.of());
        erase(company, erased);
        var body = JsonMapper.builder()
                .build()
                .readTree("{\"path\":\"/reports\",\"session_id\":\"s\",\"viewed_at\":\"2026-06-01T10:00:00Z\"}");
        assertThatThrownBy(() -> tracking.pageView(caller, body))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("company_not_found"));
        assertThatThrownBy(() ->
                        tracking.heartbeat(caller, JsonMapper.builder().build().readTree("{\"session_id\":\"s\"}")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("company_not_found"));
        assertThat(count("page_views", company)).isZero();
        assertThat(count("sessions", company)).isZero();
        assertThat(count("page_member_ordinals", company)).isZero();
        assertThat(count("member_activity", company)).isZero();
    }
}
