package io.activity.analytics.audit;

import org.springframework.stereotype.Component;

/**
 * The company's audit trail: allowed requests are written as they come (the rate limiter already
 * bounds them); refusals go through the {@link RefusalSampler}, so a flood of them cannot grow the
 * table without bound. Fed by the request log; written off the request thread.
 */
@Component
public class AuditTrail {

    static final String CUT_MARK = "…(cut)";

    private final AuditRecorder recorder;
    private final AuditProperties properties;
    private final RefusalSampler sampler;

    AuditTrail(AuditRecorder recorder, AuditProperties properties) {
        this.recorder = recorder;
        this.properties = properties;
        this.sampler = new RefusalSampler(
                properties.refusalsPerWindow(), properties.refusalWindow().toMillis());
    }

    /** Never blocks and never throws. The query string is stored cut to the configured length. */
    public void record(AuditEntry entry) {
        if (!properties.enabled()) {
            return;
        }
        AuditEntry stored = entry.withQuery(cap(entry.query(), properties.maxQueryLength()));
        if (!stored.refused()) {
            recorder.record(stored);
            return;
        }
        sampler.admit(stored, System.currentTimeMillis()).forEach(recorder::record);
    }

    /** Writes the summaries of refusal floods whose window has ended (called on a schedule). */
    void closeEndedWindows(long nowMillis) {
        sampler.closeEnded(nowMillis).forEach(recorder::record);
    }

    /** A query string longer than the cap is stored cut, and says so. */
    static String cap(String query, int max) {
        if (query == null || query.length() <= max) {
            return query;
        }
        return query.substring(0, max) + CUT_MARK;
    }
}
