package io.activity.analytics;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock the request handlers read "now" and "today" from (a read's default end date, the
 * current month, the summary's "today"). UTC: each handler applies the company's zone itself.
 * Tests replace it with a clock they can fix at an instant of their choosing.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
