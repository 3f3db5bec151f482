package io.activity.analytics.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Makes the OpenAPI schemas say what goes over the wire, so clients generated from the document
 * (clients/typescript) are typed.
 *
 * <p>Property names: the service writes and reads JSON in snake_case (a global Jackson setting),
 * but swagger-core resolves models with its own Jackson 2 mapper, which knows nothing of it; the
 * resolver below gives it the same naming strategy.
 *
 * <p>Success bodies: the handlers' {@code @ApiResponse} annotations carry a worked example for
 * the docs, and an annotated response without a schema makes springdoc drop the schema it would
 * infer from the return type. The customizers put it back, from the handler's return type
 * (generic types such as {@code Page<UserMetric>} included), on every 2xx media type that has
 * none, and register the referenced models as components.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiSchemas {

    private static final ModelResolver SNAKE_CASE =
            new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));

    private final Map<String, Schema> referenced = new ConcurrentHashMap<>();
    private final ModelConverters converters = new ModelConverters();

    OpenApiSchemas() {
        converters.addConverter(SNAKE_CASE);
    }

    /** springdoc adds ModelConverter beans to the converters it resolves request bodies with. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return SNAKE_CASE;
    }

    @Bean
    OperationCustomizer successSchemas() {
        return (operation, handler) -> {
            Type type = bodyType(handler.getReturnType().getGenericParameterType());
            if (type == null || operation.getResponses() == null) {
                return operation;
            }
            operation.getResponses().forEach((status, response) -> {
                if (!status.startsWith("2") || response.getContent() == null) {
                    return;
                }
                for (MediaType media : response.getContent().values()) {
                    var resolved = converters.resolveAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
                    media.setSchema(resolved.schema);
                    referenced.putAll(resolved.referencedSchemas);
                }
            });
            return operation;
        };
    }

    /** Our resolution wins over springdoc's, which may hold the same models without the naming. */
    @Bean
    OpenApiCustomizer successSchemaComponents() {
        return openApi -> referenced.forEach(openApi.getComponents()::addSchemas);
    }

    /** The JSON body type of a handler's return type; null when there is no JSON body. */
    private static Type bodyType(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == ResponseEntity.class) {
            type = p.getActualTypeArguments()[0];
        }
        if (type == void.class || type == Void.class || type == StreamingResponseBody.class) {
            return null;
        }
        return type;
    }
}
