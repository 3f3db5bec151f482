package io.activity.analytics.ingest;

import io.activity.analytics.rollup.Partitions;
import io.activity.analytics.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Server-side page-view batches ({@code POST /page-views}), for backends that forward their
 * users' browser events. The batch is validated as a whole first, like a heartbeat batch (every
 * bad field of every item is reported as {@code page_views[i].field}, and nothing is written
 * unless all items are good; members by {@link IngestMembers}). Then each distinct event is stored
 * through the very code path of {@code track/pageview}, {@link Tracking#store}: its own
 * transaction, the event-id guard, the session rule and {@code page-view.sql} with its lock order.
 *
 * <p>Order: inside a batch the first occurrence of an event id wins (later copies are duplicates,
 * like a replay); the distinct items are then stored in {@code viewed_at} order (ties in the order
 * sent), so the sessions come out as if the views had been tracked one by one in time order. A view
 * older than views already stored for its session is a late view, exactly as for
 * {@code track/pageview}: it joins the stored session whose span widened by the idle gap contains
 * it (moving its start back), or opens a new one.
 *
 * <p>One transaction per view, not per batch: a batch's views touch rollup rows in the lock order
 * view by view, so holding them all until one commit could deadlock against concurrent
 * {@code track/pageview} requests of the company. A 200 means every view is committed. A failure
 * half-way (database down) leaves the views before it stored; sending the same batch again stores
 * the rest and counts the stored ones as duplicates.
 */
@Component
class PageViewBatch {

    @Schema(name = "PageViewBatchResult")
    record Result(
            @Schema(description = "Views stored by this request")
            int accepted,

            @Schema(description = "Items whose event_id was stored before or earlier in this batch")
            int duplicates) {}

    private record Item(int index, UUID userId, Tracking.PageView view) {}

    private final Tracking tracking;
    private final IngestMembers members;
    private final Partitions partitions;
    private final IngestProperties properties;
    private final Clock clock = Clock.systemUTC();

    PageViewBatch(Tracking tracking, IngestMembers members, Partitions partitions, IngestProperties properties) {
        this.tracking = tracking;
        this.members = members;
        this.partitions = partitions;
        this.properties = properties;
    }

    Result ingest(UUID company, JsonNode body) {
        List<Item> items = parse(company, body);
        Map<UUID, Item> distinct = new LinkedHashMap<>();
        for (Item item : items) {
            distinct.putIfAbsent(item.view().eventId(), item);
        }
        List<Item> order = new ArrayList<>(distinct.values());
        order.sort(Comparator.comparing((Item item) -> item.view().viewedAt()).thenComparingInt(Item::index));
        partitions.ensure(
                Partitions.PAGE_VIEWS,
                order.stream().map(item -> item.view().viewedAt()).toList());
        int accepted = 0;
        for (Item item : order) {
            if (tracking.store(company, item.userId(), item.view())) {
                accepted++;
            }
        }
        return new Result(accepted, items.size() - accepted);
    }

    private List<Item> parse(UUID company, JsonNode body) {
        JsonNode array = body == null || !body.isObject() ? null : body.get("page_views");
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw ApiException.validation(
                    "page_views", "must be an array of 1 to " + properties.maxBatch() + " page views");
        }
        if (array.size() > properties.maxBatch()) {
            throw new ApiException(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "A batch holds at most " + properties.maxBatch() + " page views; this one has " + array.size()
                            + ".");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Fields fields = new Fields();
        List<Item> items = new ArrayList<>(array.size());
        UUID[] users = new UUID[array.size()];
        Instant[] times = new Instant[array.size()];
        for (int i = 0; i < array.size(); i++) {
            JsonNode object = array.get(i);
            if (!object.isObject()) {
                fields.add("page_views[" + i + "]", "must be an object");
                continue;
            }
            String prefix = "page_views[" + i + "].";
            UUID user = fields.uuid(object, prefix, "user_id");
            Tracking.PageView view = tracking.readView(object, prefix, fields, now, true);
            users[i] = user;
            times[i] = view.viewedAt();
            items.add(new Item(i, user, view));
        }
        // Every item whose user_id parsed is checked, even if its other fields are bad.
        members.check(company, "page_views", "this page view", users, times, fields);
        fields.throwIfAny(); // from here on every item is complete
        return items;
    }
}
