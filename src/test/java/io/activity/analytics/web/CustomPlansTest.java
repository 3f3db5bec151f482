package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The custom-plan setting holds for the statements run inside, and for nothing after them. */
class CustomPlansTest extends IntegrationTest {

    @Autowired
    CustomPlans plans;

    @Test
    void statementsInsideArePlannedForTheirValuesAndTheSettingEndsWithThem() {
        List<String> inside = new ArrayList<>();
        plans.run(() -> {
            inside.add(showPlanCacheMode());
            inside.add(showPlanCacheMode());
        });
        assertThat(inside).containsExactly("force_custom_plan", "force_custom_plan");
        // Every pooled connection is back to the server default (SET LOCAL ends with the transaction).
        for (int i = 0; i < 20; i++) {
            assertThat(showPlanCacheMode()).isEqualTo("auto");
        }
    }

    private String showPlanCacheMode() {
        return jdbc.sql("show plan_cache_mode").query(String.class).single();
    }
}
