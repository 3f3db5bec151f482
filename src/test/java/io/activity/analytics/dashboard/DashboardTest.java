package io.activity.analytics.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboard's files are served without a token; the API behind them still is not. */
class DashboardTest extends IntegrationTest {

    @Test
    void dashboardPageIsServedWithoutAToken() {
        var page = api.get("/dashboard/", null);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<title>Activity analytics</title>").contains("app.js");
        assertThat(page.header("Content-Security-Policy"))
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'")
                // The page keeps a bearer token: it may call its own origin and nothing else.
                .contains("connect-src 'self';")
                .doesNotContain("http:")
                .doesNotContain("https:");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");

        var script = api.get("/dashboard/app.js", null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).contains("javascript");
        assertThat(api.get("/dashboard/styles.css", null).header("Content-Type"))
                .startsWith("text/css");
        assertThat(api.get("/dashboard/vendor/chart.umd.min.js", null).status()).isEqualTo(200);
        // Every module app.js imports is served as a script (one missing file blanks the page).
        for (String module :
                new String[] {"api.js", "charts.js", "csv.js", "dates.js", "dom.js", "format.js", "urlstate.js"}) {
            var served = api.get("/dashboard/" + module, null);
            assertThat(served.status()).as(module).isEqualTo(200);
            assertThat(served.header("Content-Type")).as(module).contains("javascript");
            assertThat(script.body()).as("app.js imports " + module).contains("'./" + module + "'");
        }
    }

    @Test
    void theApiBaseCannotBeChanged() {
        // A link or form field naming another API server would send the bearer token there.
        var script = api.get("/dashboard/app.js", null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body())
                .doesNotContain("KEYS.api")
                .doesNotContain("apiBase")
                .doesNotContain("api-base")
                .doesNotContain("params.get('api')");
        var client = api.get("/dashboard/api.js", null);
        assertThat(client.status()).isEqualTo(200);
        assertThat(client.body()).doesNotContainPattern("createClient\\(\\{[^}]*\\bbase\\b");
        var page = api.get("/dashboard/", null);
        assertThat(page.body()).doesNotContain("api-base").doesNotContain("Another API server");
    }

    @Test
    void folderWithoutSlashRedirectsToTheFolder() {
        var response = api.get("/dashboard", null);
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).endsWith("/dashboard/");
    }

    @Test
    void aStaleOrBrokenTokenDoesNotBlockThePage() {
        // The page must load even when a browser extension or proxy adds a bad Authorization header.
        var response = api.get("/dashboard/", "not-a-jwt");
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void missingFileIs404() {
        assertThat(api.get("/dashboard/nope.js", null).status()).isEqualTo(404);
    }

    @Test
    void theApiStillNeedsAToken() {
        UUID company = company("UTC");
        var response = api.get("/api/v2/companies/" + company + "/user-metrics/summary/", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("code").asString()).isEqualTo("authentication_required");
    }

    @Test
    void nothingIsLoadedFromAnotherOriginAtRunTime() throws IOException {
        // Scripts, styles and images come from this service only (no CDN); the licence text may
        // name a web site, so vendor/ is checked for script and link tags only via index.html.
        Path root = Path.of("src/main/resources/static/dashboard");
        Pattern remote = Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//", Pattern.CASE_INSENSITIVE);
        Pattern remoteImport = Pattern.compile("(import|from)\\s*\\(?\\s*[\"'](https?:)?//");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> !f.startsWith(root.resolve("vendor")))
                    .filter(Files::isRegularFile)
                    .toList()) {
                String text = Files.readString(file);
                assertThat(remote.matcher(text).find()).as(file.toString()).isFalse();
                assertThat(remoteImport.matcher(text).find())
                        .as(file.toString())
                        .isFalse();
            }
        }
    }
}
