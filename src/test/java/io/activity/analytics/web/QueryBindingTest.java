package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Query records bind the contract's spelling and nothing else: Spring's fallbacks (an enum's
 * Java constant name, ZoneId's offsets, a request header of the same name) never reach a handler.
 */
class QueryBindingTest extends IntegrationTest {

    private static void refused(Api.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("code").asString()).isEqualTo("validation_error");
        assertThat(response.json().path("errors").propertyNames()).containsExactly(field);
    }

    @Test
    void onlyTheContractsSpellingBinds() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        String token = Tokens.user(owner);
        String series = "/api/v2/companies/" + company + "/users/" + owner
                + "/activity?start_date=2026-01-01&end_date=2026-01-07&metric=activity-count";

        assertThat(api.get(series + "&granularity=weekly", token)
                        .json()
                        .path("granularity")
                        .asString())
                .isEqualTo("weekly");
        // Blank is absent: the default applies.
        assertThat(api.get(series + "&granularity=", token)
                        .json()
                        .path("granularity")
                        .asString())
                .isEqualTo("daily");
        // Spring would match the enum constant's name after a refused value; the binder does not.
        refused(api.get(series + "&granularity=WEEKLY", token), "granularity");
        var wrong = api.get(series + "&granularity=hourly", token);
        refused(wrong, "granularity");
        assertThat(wrong.json().path("errors").path("granularity").get(0).asString())
                .isEqualTo("must be one of daily, weekly, monthly, quarterly");
        // ZoneId.of takes an offset; an offset knows no DST, so the API does not.
        refused(api.get(series + "&timezone=%2B05:30", token), "timezone");
        refused(api.get(series.replace("2026-01-01", "2026-02-30"), token), "start_date");
        refused(api.get(series.replace("&metric=activity-count", ""), token), "metric");
    }

    @Test
    void headersNeverStandInForQueryParameters() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        String path = "/api/v2/companies/" + company + "/users/" + owner
                + "/activity?start_date=2026-01-01&end_date=2026-01-07";
        // A metric header does not fill the missing metric parameter.
        refused(api.send("GET", path, Tokens.user(owner), null, null, "metric", "activity-count"), "metric");
        var withHeader = api.send(
                "GET", path + "&metric=activity-count", Tokens.user(owner), null, null, "granularity", "weekly");
        assertThat(withHeader.json().path("granularity").asString()).isEqualTo("daily");
    }
}
