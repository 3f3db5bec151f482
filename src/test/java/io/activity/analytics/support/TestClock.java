package io.activity.analytics.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock in the integration tests: the system's until a test fixes it at an instant,
 * and the system's again after every test ({@link IntegrationTest} resets it). One bean in every
 * test context, so a test that needs a fixed "now" costs no context of its own. The test classes
 * run one after another (no parallel execution), so one test's instant is never another's.
 */
public final class TestClock extends Clock {

    /**
     * Replaces the application's clock in every context built from {@link IntegrationTest}, which
     * imports it. Deliberately not a @TestConfiguration: a plain class is never picked up by
     * component scanning, so instances started outside the test context (SharedLimitTest's second
     * instance, DatabaseOutageTest's private one) keep the real clock.
     */
    public static class Config {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(ZoneOffset.UTC, new AtomicReference<>());
        }
    }

    private final ZoneId zone;
    private final AtomicReference<Instant> fixed;

    private TestClock(ZoneId zone, AtomicReference<Instant> fixed) {
        this.zone = zone;
        this.fixed = fixed;
    }

    /** From now on the service reads this instant as "now", until {@link #reset()}. */
    public void fix(Instant at) {
        fixed.set(at);
    }

    public void fix(String isoInstant) {
        fix(Instant.parse(isoInstant));
    }

    /** Back to the system's clock. */
    public void reset() {
        fixed.set(null);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that still follows {@link #fix} and {@link #reset}. */
    @Override
    public Clock withZone(ZoneId other) {
        return new TestClock(other, fixed);
    }

    @Override
    public Instant instant() {
        Instant at = fixed.get();
        return at != null ? at : Instant.now();
    }
}
