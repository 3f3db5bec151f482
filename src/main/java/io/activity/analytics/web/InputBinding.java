package io.activity.analytics.web;

import java.beans.PropertyEditorSupport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;
import java.util.function.Function;
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
        if (target != null && target.isRecord()) {
            for (var component : target.getRecordComponents()) {
                if (component.getType().isEnum() && WireName.class.isAssignableFrom(component.getType())) {
                    binder.registerCustomEditor(component.getType(), editor(wireNames(component.getType())));
                }
            }
        }
    }

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
