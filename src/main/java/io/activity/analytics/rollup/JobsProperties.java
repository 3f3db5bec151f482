package io.activity.analytics.rollup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param erasureDelay how long after its request an erasure starts: the member's requests still in
 *     flight and the usage and audit records still queued (written every 500 ms) land first, so the
 *     erasure finds them too
 */
@Validated
@ConfigurationProperties("analytics.jobs")
public record JobsProperties(@DefaultValue("2s") Duration erasureDelay) {}
