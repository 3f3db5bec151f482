package io.activity.analytics.dataset;

import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The command-line generator ({@code --analytics.dataset.generate=large}).
 *
 * @param generate dataset to write into the configured database, then exit: demo, small or large
 *     (or {@code migrate}: only apply the migrations, so a benchmark's start-up time excludes them)
 * @param seed same seed, same rows
 * @param threads connections the raw load and the rollup rebuild run on
 * @param endDate last company-local day; default 2026-06-30 for small and large, yesterday for demo
 * @param replace delete the dataset's companies first when they exist (otherwise refuse)
 * @param rebuildOnly only rebuild the rollups of the already loaded dataset (after new migrations)
 */
@ConfigurationProperties("analytics.dataset")
record DatasetProperties(
        String generate,
        @DefaultValue("42") long seed,
        @DefaultValue("2") int threads,
        LocalDate endDate,
        @DefaultValue("false") boolean replace,
        @DefaultValue("false") boolean rebuildOnly) {}
