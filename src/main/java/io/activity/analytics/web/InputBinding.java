package io.activity.analytics.web;

import java.beans.PropertyEditorSupport;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.validation.DataBinder;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.servlet.support.ExtendedServletRequestDataBinder;

/**
 * How path variables and query parameters become typed values. Query parameters bind to records
 * (a handler takes {@code @ParameterObject SeriesRequest request}; components are named with
 * {@code @BindParam("start_date")} and checked across fields in the compact constructor).
 *
 * <p>Every type is read by an editor on the binder, not by a converter: when a converter refuses a
 * value, Spring's TypeConverterDelegate falls back to its default editors (ZoneIdEditor takes
 * "+05:30", UUIDEditor trims, enums match the Java constant's name), so a converter alone would let
 * such values through. A blank value binds as absent, so a record applies its default or says
 * "is required". Records bind from query parameters only: Spring would also bind request headers
 * of the same name, which no client expects to change a report.
 */
@ControllerAdvice
class InputBinding {

    @InitBinder
    void typedInputs(WebDataBinder binder) {
        if (binder instanceof ExtendedServletRequestDataBinder request) {
            request.setHeaderPredicate(header -> false);
        }
        binder.registerCustomEditor(UUID.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                // Ids are strict: " " is a bad id (400 naming it), not an absent one.
                setValue(text == null || text.isEmpty() ? null : InputFormats.uuid(text));
            }
        });
        binder.registerCustomEditor(LocalDate.class, editor(InputFormats::date));
        binder.registerCustomEditor(YearMonth.class, editor(InputFormats::month));
        binder.registerCustomEditor(Instant.class, editor(InputFormats::instant));
        binder.registerCustomEditor(ZoneId.class, editor(InputFormats::zone));
        Class<?> target =
                binder.getTargetType() == null ? null : binder.getTargetType().resolve();
        if (target != null) {
            for (Class<?> type : WIRE_NAME_COMPONENTS.get(target)) {
                binder.registerCustomEditor(type, editor(wireNames(type)));
            }
        }
        DataBinder.NameResolver names = binder.getNameResolver();
        if (names != null) {
            binder.setNameResolver(parameter -> BIND_NAMES
                    .computeIfAbsent(parameter.getParameter(), p -> Optional.ofNullable(names.resolveName(parameter)))
                    .orElse(null));
        }
    }

    // Both below are the same for every request of a handler, and the JDK works them out afresh on
    // each call (Class.getRecordComponents, Constructor.getParameterAnnotations behind @BindParam):
    // 8 % of a read's time in a profile (docs/benchmarks.md, 2026-12-02), so they are kept here.

    /** A record's component types that are {@link WireName} enums; nothing for any other class. */
    private static final ClassValue<List<Class<?>>> WIRE_NAME_COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Class<?>> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return List.of();
            }
            return Arrays.stream(type.getRecordComponents())
                    .<Class<?>>map(RecordComponent::getType)
                    .filter(t -> t.isEnum() && WireName.class.isAssignableFrom(t))
                    .toList();
        }
    };

    /** Each constructor parameter's query parameter name (its {@code @BindParam}), or none. */
    private static final Map<Parameter, Optional<String>> BIND_NAMES = new ConcurrentHashMap<>();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<String, Object> wireNames(Class<?> type) {
        return value -> WireName.parse((Class) type, value.trim());
    }

    private static PropertyEditorSupport editor(Function<String, ?> parse) {
        return new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(text == null || text.isBlank() ? null : parse.apply(text));
            }
        };
    }
}
