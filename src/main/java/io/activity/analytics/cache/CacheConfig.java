package io.activity.analytics.cache;

import io.activity.analytics.rollup.CompanyDataRefreshed;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionalEventListener;

@Configuration(proxyBeanMethods = false)
class CacheConfig {

    private final ResponseCacheInterceptor interceptor;

    CacheConfig(ResponseCacheInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    /**
     * A rebuild of the company's rollups makes its cached reads stale. When published inside a
     * transaction, this runs after the commit, so no read can re-cache the old rows under the new
     * generation.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void refreshed(CompanyDataRefreshed event) {
        interceptor.invalidateNowAndAfterReplicaLag(event.companyId());
    }
}
