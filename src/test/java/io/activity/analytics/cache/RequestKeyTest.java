package io.activity.analytics.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Plain unit test of the cache key and the If-None-Match comparison. */
class RequestKeyTest {

    private static String key(String query) {
        var request = new MockHttpServletRequest("GET", "/api/v2/companies/c/user-metrics/");
        request.setQueryString(query);
        return ResponseCacheInterceptor.requestKey(request);
    }

    @Test
    void parametersSortByNameButRepeatsKeepTheirOrder() {
        assertThat(key("b=2&a=1")).isEqualTo(key("a=1&b=2"));
        assertThat(key("search=x&ordering=email&search=y")).isEqualTo(key("ordering=email&search=x&search=y"));
        assertThat(key("search=a&search=b")).isNotEqualTo(key("search=b&search=a"));
        assertThat(key("a=1")).isNotEqualTo(key("a=2")).isNotEqualTo(key(null));
    }

    @Test
    void ifNoneMatchTakesListsWeakValidatorsAndTheWildcard() {
        assertThat(ResponseCacheInterceptor.matches("\"e1\"", "\"e1\"")).isTrue();
        assertThat(ResponseCacheInterceptor.matches("\"x\", W/\"e1\"", "\"e1\""))
                .isTrue();
        assertThat(ResponseCacheInterceptor.matches("*", "\"e1\"")).isTrue();
        assertThat(ResponseCacheInterceptor.matches("\"e2\"", "\"e1\"")).isFalse();
        assertThat(ResponseCacheInterceptor.matches(null, "\"e1\"")).isFalse();
        assertThat(ResponseCacheInterceptor.matches("e1", "\"e1\"")).isFalse(); // unquoted is another value
    }
}
