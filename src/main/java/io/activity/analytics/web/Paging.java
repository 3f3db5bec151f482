package io.activity.analytics.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * page/page_size parsing and the absolute next/previous links. The links are the current request
 * URL (with the scheme and host a trusted proxy forwarded, ANALYTICS_TRUSTED_PROXIES; never a
 * client's own X-Forwarded-* headers) with only {@code page} replaced, so every other parameter is
 * kept as the client sent it.
 */
public record Paging(int page, int pageSize) {

    public static final int MAX_PAGE_SIZE = 100;

    public static Paging of(String page, String pageSize, int defaultSize) {
        return new Paging(
                Params.integer("page", page, 1, 1, 1_000_000),
                Params.integer("page_size", pageSize, defaultSize, 1, MAX_PAGE_SIZE));
    }

    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    /** Throws 404 invalid_page for a page past the end (page 1 of an empty list is fine). */
    public void check(long count) {
        if (page > 1 && offset() >= count) {
            throw new ApiException(HttpStatus.NOT_FOUND, "invalid_page", "Invalid page.");
        }
    }

    public <T> Page<T> page(long count, java.util.List<T> results) {
        check(count);
        String next = offset() + results.size() < count ? link(page + 1) : null;
        String previous = page > 1 ? link(page - 1) : null;
        return new Page<>(count, next, previous, results);
    }

    private static String link(int page) {
        return ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("page", page)
                .build()
                .toUriString();
    }
}
