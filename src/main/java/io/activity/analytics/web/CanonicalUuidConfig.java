package io.activity.analytics.web;

import java.beans.PropertyEditorSupport;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.UUIDDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Ids from clients are read with {@link CanonicalUuid} wherever Spring reads them: path variables
 * and request parameters of type UUID, and UUID fields of JSON bodies (Jackson's own reader also
 * takes 24 characters of Base64 for the 16 bytes).
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

    /**
     * Binding of UUID path variables and parameters. A strict Converter in the conversion service
     * is not enough: when it refuses a value, Spring's TypeConverterDelegate falls back to the
     * default UUIDEditor (trim + UUID.fromString), which takes it. A custom editor is used
     * instead of both. A bad id keeps its answer: 404 for the company (CompanyAccessInterceptor
     * reads that one itself, before binding), 400 validation_error naming any other variable.
     */
    @ControllerAdvice
    static class CanonicalUuidBinding {

        @InitBinder
        void canonicalUuids(WebDataBinder binder) {
            binder.registerCustomEditor(UUID.class, new PropertyEditorSupport() {
                @Override
                public void setAsText(String text) {
                    setValue(text.isEmpty() ? null : CanonicalUuid.parse(text));
                }
            });
        }
    }
}
