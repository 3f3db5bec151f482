package io.activity.analytics.security;

import java.util.Arrays;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * Says in the OpenAPI description of every operation a read-only service token may call that it
 * may, from the same rule the access check applies ({@link Reads}), so no operation's text has to
 * remember it and none can say it wrongly.
 */
@Configuration(proxyBeanMethods = false)
class AccessDocs {

    static final String READ_TOKEN_NOTE = " Also open to a service token with scope analytics:read (read-only; with a"
            + " company_id claim, that company only).";

    @Bean
    OperationCustomizer readTokenNote() {
        return (operation, handler) -> {
            CompanyAccess rule = handler.getMethodAnnotation(CompanyAccess.class);
            if (rule == null) {
                return operation;
            }
            RequestMapping mapping =
                    AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
            boolean get = mapping != null && Arrays.asList(mapping.method()).contains(RequestMethod.GET);
            if (Reads.readTokenMay(get || rule.read(), rule)) {
                String description = operation.getDescription() == null ? "" : operation.getDescription();
                operation.setDescription(description + READ_TOKEN_NOTE);
            }
            return operation;
        };
    }
}
