package io.activity.analytics.usermetrics;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.usermetrics.MetricsRequests.ListRequest;
import io.activity.analytics.usermetrics.MetricsRequests.SummaryRequest;
import io.activity.analytics.web.ApiTags;
import io.activity.analytics.web.NoResponseCache;
import io.activity.analytics.web.Page;
import io.activity.analytics.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The user-metrics screen: the member list, its summary, its CSV export and the refresh. */
@RestController
@Tag(name = ApiTags.USER_METRICS)
@RequestMapping("/api/v2/companies/{companyId}/user-metrics")
class UserMetricsController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final UserMetricsQuery list;
    private final SummaryQuery summary;
    private final RefreshRunner refresh;
    private final TransactionTemplate readOnly;
    private final Clock clock;

    UserMetricsController(
            UserMetricsQuery list,
            SummaryQuery summary,
            RefreshRunner refresh,
            PlatformTransactionManager tx,
            Clock clock) {
        this.list = list;
        this.summary = summary;
        this.refresh = refresh;
        this.readOnly = new TransactionTemplate(tx);
        this.readOnly.setReadOnly(true);
        this.clock = clock;
    }

    @GetMapping("/")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.LIST)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Members with their activity figures",
            description = "Every non-deleted member matching the filters, with or without activity. Sessions are"
                    + " those started in [date_from, date_to] (company-local days; default the last 30 days,"
                    + " today included); sessions_this_month the current calendar month. Ordered with nulls last"
                    + " and ties by user_id; next/previous are absolute links.")
    Page<UserMetric> list(
            @PathVariable UUID companyId,
            @ParameterObject ListRequest request,
            @ParameterObject Paging paging,
            Caller caller) {
        MetricsFilter filter = request.filter(caller.companyZone(), clock);
        var result = list.page(caller.companyId(), filter, paging.pageSize(), paging.offset());
        return paging.page(result.count(), result.rows());
    }

    @GetMapping("/summary/")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.SUMMARY)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Company summary over a date range",
            description = "Member counts now, active users today / last 7 / last 30 days (today included), and"
                    + " sessions, page views, unique active users and activity over the range. compare=previous"
                    + " adds the same figures for the equally long range just before and their relative change.")
    Summary summary(@PathVariable UUID companyId, @ParameterObject SummaryRequest request, Caller caller) {
        return summary.summary(
                caller.companyId(), request.filter(caller.companyZone(), clock), request.compare() != null);
    }

    @GetMapping("/export/")
    @CompanyAccess(role = Access.ADMIN)
    @NoResponseCache
    @Operation(
            summary = "The member list as CSV (admin)",
            description = "Same filters and ordering as the list, no paging; streamed. The header row holds the"
                    + " field names of a list result. Cells starting with = + - @, tab or carriage return are"
                    + " prefixed with ' so spreadsheets do not run them as formulas.")
    ResponseEntity<StreamingResponseBody> export(
            @PathVariable UUID companyId, @ParameterObject ListRequest request, Caller caller) {
        MetricsFilter filter = request.filter(caller.companyZone(), clock);
        UUID company = caller.companyId();
        StreamingResponseBody body = out -> {
            CSVFormat format =
                    CSVFormat.DEFAULT.builder().setHeader(UserMetric.FIELDS).get();
            try (CSVPrinter csv = new CSVPrinter(
                    new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024), format)) {
                // A cursor needs a transaction in PostgreSQL; rows go out as they are read.
                readOnly.executeWithoutResult(tx -> list.stream(company, filter, row -> {
                    try {
                        csv.printRecord(CsvCells.safe(row.cells()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
        };
        String filename = "user-metrics-" + filter.from() + "-to-" + filter.to() + ".csv";
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .body(body);
    }

    record Accepted(String status) {}

    @PostMapping("/refresh/")
    @ApiResponse(
            responseCode = "202",
            description = "Accepted",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.REFRESH)))
    @CompanyAccess(role = Access.ADMIN)
    @Operation(
            summary = "Rebuild the company's derived data (admin)",
            description = "Rebuilds every rollup of the company from its raw events in the background (after late"
                    + " data; a timezone change rebuilds by itself) and then clears its cached reads. Concurrent requests coalesce"
                    + " (one rebuild running, at most one queued); running it twice is harmless.")
    ResponseEntity<Accepted> refresh(@PathVariable UUID companyId, Caller caller) {
        refresh.request(caller.companyId());
        return ResponseEntity.accepted().body(new Accepted("accepted"));
    }
}
