package io.activity.analytics.architecture;

import io.activity.analytics.AnalyticsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature folders are application modules (Spring Modulith): no cycles between them, and a
 * module reaches into another only through what that one exposes.
 */
class ModulesTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(AnalyticsApplication.class);

    @Test
    void theModulesHaveNoCyclesAndUseOnlyEachOthersApi() {
        MODULES.verify();
    }
}
