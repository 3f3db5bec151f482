package io.activity.analytics.web;

import io.swagger.v3.oas.models.media.StringSchema;
import java.time.ZoneId;
import java.util.Arrays;
import org.springdoc.core.customizers.ParameterCustomizer;
import org.springdoc.core.extractor.DelegatingMethodParameter;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.BindParam;

/**
 * The OpenAPI document describes a query record's parameters as the binder reads them: named by
 * {@code @BindParam} ("start_date", not the Java component "startDate"; springdoc reads the
 * record's fields and does not know {@code @BindParam}), a choice by its {@link WireName}s, and a
 * zone as a string.
 */
@Component
class QueryRecordDocs implements ParameterCustomizer {

    static {
        // springdoc leaves ZoneId parameters out (Spring MVC can resolve one from the request's
        // locale context); ours is the `timezone` query parameter, an IANA name.
        SpringDocUtils.getConfig()
                .removeRequestWrapperToIgnore(ZoneId.class)
                .replaceWithClass(ZoneId.class, String.class);
    }

    @Override
    public io.swagger.v3.oas.models.parameters.Parameter customize(
            io.swagger.v3.oas.models.parameters.Parameter parameter, org.springframework.core.MethodParameter method) {
        if (parameter != null
                && method instanceof DelegatingMethodParameter delegating
                && delegating.getField() != null) {
            BindParam name = delegating.getField().getAnnotation(BindParam.class);
            if (name != null) {
                parameter.setName(name.value());
            }
            Class<?> type = delegating.getParameterType();
            if (type.isEnum() && WireName.class.isAssignableFrom(type)) {
                parameter.setSchema(new StringSchema()
                        ._enum(Arrays.stream(type.getEnumConstants())
                                .map(c -> ((WireName) c).wireName())
                                .toList()));
            }
        }
        return parameter;
    }
}
