package io.activity.analytics.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a flood of refused requests (denied by the access check, or over the rate limit) from
 * growing the audit table without bound: per company and window, the first {@code perWindow}
 * refusals are recorded one by one; the rest are folded into one row, the last of them with
 * {@code repeats} saying how many more it stands for, written when the window ends. Allowed
 * requests are never sampled (the rate limiter already bounds them). Per instance, in memory; only
 * companies that exist get here, so the map is bounded by the number of companies.
 */
final class RefusalSampler {

    private record Window(long start, int recorded, int folded, AuditEntry last) {}

    private final ConcurrentHashMap<UUID, Window> windows = new ConcurrentHashMap<>();
    private final int perWindow;
    private final long windowMillis;

    RefusalSampler(int perWindow, long windowMillis) {
        this.perWindow = perWindow;
        this.windowMillis = windowMillis;
    }

    /** What to write now for this refusal: itself, nothing (folded), and a closed window's summary. */
    List<AuditEntry> admit(AuditEntry refusal, long nowMillis) {
        List<AuditEntry> out = new ArrayList<>(2);
        windows.compute(refusal.companyId(), (company, window) -> {
            if (window != null && nowMillis - window.start() >= windowMillis) {
                summary(window, out);
                window = null;
            }
            if (window == null) {
                window = new Window(nowMillis, 0, 0, null);
            }
            if (window.recorded() < perWindow) {
                out.add(refusal);
                return new Window(window.start(), window.recorded() + 1, window.folded(), window.last());
            }
            return new Window(window.start(), window.recorded(), window.folded() + 1, refusal);
        });
        return out;
    }

    /** Summaries of the windows that have ended by now; those windows are forgotten. */
    List<AuditEntry> closeEnded(long nowMillis) {
        List<AuditEntry> out = new ArrayList<>();
        for (UUID company : windows.keySet()) {
            windows.computeIfPresent(company, (c, window) -> {
                if (nowMillis - window.start() < windowMillis) {
                    return window;
                }
                summary(window, out);
                return null;
            });
        }
        return out;
    }

    private static void summary(Window window, List<AuditEntry> out) {
        if (window.folded() > 0) {
            out.add(window.last().withRepeats(window.folded() - 1));
        }
    }
}
