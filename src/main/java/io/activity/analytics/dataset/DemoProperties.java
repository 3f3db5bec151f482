package io.activity.analytics.dataset;

import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo start-up (active only with the {@code demo} profile).
 *
 * @param load load the demo dataset when it is missing or stale
 * @param endDate fixed last day (CI and the Bruno collection: identical numbers every run); when
 *     unset the data ends yesterday (UTC), so the default "last 30 days" views show data
 * @param seed the dataset seed
 * @param tokenTtl lifetime of the tokens printed in the banner
 * @param days days of activity (60 as in BENCHMARKS.md; tests shrink it to stay fast)
 */
@ConfigurationProperties("analytics.demo")
record DemoProperties(
        @DefaultValue("true") boolean load,
        LocalDate endDate,
        @DefaultValue("42") long seed,
        @DefaultValue("30d") java.time.Duration tokenTtl,
        @DefaultValue("60") int days) {}
