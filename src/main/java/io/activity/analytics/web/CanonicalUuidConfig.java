package io.activity.analytics.web;

import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.UUIDDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Ids in JSON bodies are read with {@link CanonicalUuid} (Jackson's own reader also takes 24
 * characters of Base64 for the 16 bytes). Path variables and query parameters: {@link InputBinding}.
 */
@Configuration(proxyBeanMethods = false)
class CanonicalUuidConfig {

    @Bean
    SimpleModule canonicalUuids() {
        return new SimpleModule("canonical-uuids").addDeserializer(UUID.class, new CanonicalUuidDeserializer());
    }

    static final class CanonicalUuidDeserializer extends UUIDDeserializer {
        @Override
        protected UUID _deserialize(String id, DeserializationContext ctxt) {
            if (!CanonicalUuid.isCanonical(id)) {
                return (UUID) ctxt.handleWeirdStringValue(UUID.class, id, "not a canonical UUID (8-4-4-4-12 hex)");
            }
            return super._deserialize(id, ctxt);
        }
    }
}
