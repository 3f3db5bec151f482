package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A query string that is not strict UTF-8 percent-encoding (bad escapes, invalid UTF-8) is the
 * client's mistake: a 400 validation_error naming {@code query}, on every path, before any token
 * is looked at, and never an ERROR line or a stack trace in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedQueryTest extends IntegrationTest {

    static final List<String> MALFORMED = List.of(
            "%ZZ", // not hex
            "%", // escape cut short
            "a%2",
            "%+1", // a sign where a hex digit belongs (Integer.parseInt would take it)
            "%-1",
            "%C3%28", // invalid UTF-8: a lead byte followed by no continuation byte
            "%E2%82", // truncated 3-byte sequence
            "%FF", // never valid in UTF-8
            "%C0%AF", // overlong encoding of '/'
            "%ED%A0%80", // an encoded UTF-16 surrogate
            "%F4%90%80%80"); // above U+10FFFF

    private void assertRefused(Api.Response response, String what) {
        assertThat(response.status()).as(what + " -> " + response).isEqualTo(400);
        assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
        var json = response.json();
        assertThat(json.path("code").asString()).as(what).isEqualTo("validation_error");
        assertThat(json.path("errors").has("query"))
                .as(what + " names query: " + response)
                .isTrue();
    }

    @Test
    void malformedPercentEncodingIsA400NamingQueryAndLogsNoErrorOrStackTrace(CapturedOutput output) {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        String metrics = "/api/v2/companies/" + company + "/user-metrics/";
        int logBefore = output.getAll().length();
        for (String bad : MALFORMED) {
            assertRefused(api.raw("GET", "/actuator/health?x=" + bad, null), "health x=" + bad);
            assertRefused(api.raw("GET", metrics + "?search=" + bad, Tokens.user(owner)), "search=" + bad);
            assertRefused(api.raw("GET", metrics + "?page=1&" + bad + "=1", Tokens.user(owner)), "name " + bad);
            // Before the token is even looked at: the query is the first thing checked.
            assertRefused(api.raw("GET", metrics + "?search=" + bad, null), "no token, search=" + bad);
        }
        String log = output.getAll().substring(logBefore);
        assertThat(log).doesNotContain(" ERROR ").doesNotContain("\tat ").doesNotContain("InvalidParameterException");
        // One line at most per refusal (at DEBUG it is not even written at the default level).
        assertThat(log.lines().filter(line -> line.contains("query")).count())
                .isLessThanOrEqualTo(4L * MALFORMED.size());
    }

    @Test
    void moreParametersThanTomcatTakesIsA400NamingQuery(CapturedOutput output) {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        // Tomcat takes 1000 parameters per request.
        String many = "?" + String.join("&", java.util.Collections.nCopies(1001, "p=1"));
        int logBefore = output.getAll().length();
        assertRefused(
                api.raw("GET", "/api/v2/companies/" + company + "/user-metrics/" + many, Tokens.user(owner)), "many");
        assertRefused(api.raw("GET", "/actuator/health" + many, null), "many on health");
        assertRefused(
                api.raw(
                        "GET",
                        "/api/v2/companies/" + company + "/user-metrics/" + many + "&search=%00",
                        Tokens.user(owner)),
                "many with a NUL");
        assertThat(output.getAll().substring(logBefore))
                .doesNotContain(" ERROR ")
                .doesNotContain("\tat ");
    }

    @Test
    void wellFormedEncodingsStillWork() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        String metrics = "/api/v2/companies/" + company + "/user-metrics/";
        for (String good : List.of("%C3%A9", "%F0%9F%98%80", "a+b", "%25", "%2B", "%E4%B8%AD%E6%96%87", "")) {
            var response = api.raw("GET", metrics + "?search=" + good, Tokens.user(owner));
            assertThat(response.status()).as(good + " -> " + response).isEqualTo(200);
        }
        assertThat(api.raw("GET", "/actuator/health?x=%C3%A9", null).status()).isEqualTo(200);
    }
}
