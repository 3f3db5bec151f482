package io.activity.analytics.web;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The page/page_size query of a list (a handler takes it as {@code @ParameterObject Paging}) and
 * the absolute next/previous links. The links are the current request
 * URL (with the scheme and host a trusted proxy forwarded, ANALYTICS_TRUSTED_PROXIES; never a
 * client's own X-Forwarded-* headers) with only {@code page} replaced, so every other parameter is
 * kept as the client sent it.
 */
public record Paging(
        @Parameter(
                description = "Page number, from 1 (default 1)",
                schema = @Schema(type = "integer", minimum = "1", defaultValue = "1"))
        Integer page,

        @Parameter(
                description = "Rows per page, 1 to 100 (default 20)",
                schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
        @BindParam("page_size")
        Integer pageSize) {

    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_PAGE_SIZE = 20;

    public Paging {
        page = Params.between("page", page, 1, 1, 1_000_000);
        pageSize = Params.between("page_size", pageSize, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
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
