package io.activity.analytics.web;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a read-only range aggregate with a plan made for its own parameter values.
 *
 * <p>The driver prepares a statement on the server from its fifth execution; PostgreSQL then
 * switches to one generic plan once that plan's estimate looks no dearer. For an aggregate over a
 * company's date range the generic estimate assumes a few dozen rows (it cannot see the company
 * or the range), so it sorts and groups where a hash aggregate is right: on the {@code large}
 * dataset the 30-day query by department took 42–46 ms with the generic plan and 20 ms with the
 * custom one (docs/benchmarks.md, S11). Re-planning costs about a millisecond, which only the
 * heavier statements can afford; the per-request reads keep their cached plans.
 */
@Component
public class CustomPlans {

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    CustomPlans(JdbcClient jdbc, PlatformTransactionManager tx) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(tx);
        this.readOnly.setReadOnly(true);
    }

    /** Runs {@code read}, whose statements are planned for their parameter values. */
    public void run(Runnable read) {
        readOnly.executeWithoutResult(status -> {
            jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
            read.run();
        });
    }
}
