package io.activity.analytics.web;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.DatabindException;

/** Field names in error bodies are the JSON names the client sent (snake_case), never Java's. */
public final class FieldNames {

    private static final Pattern UPPER = Pattern.compile("([a-z0-9])([A-Z])");

    private FieldNames() {}

    public static String snake(String javaPath) {
        return UPPER.matcher(javaPath).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** heartbeats[3].generated_at from Jackson's reference chain. */
    static String path(List<DatabindException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (var reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(snake(reference.getPropertyName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Types without a parser of their own ({@link InputFormats} and {@link WireName} say more). */
    static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "integer";
        return "value";
    }

    static boolean isDatabaseDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE of a value that does not fit its column (a sum that would overflow a bigint). */
    static boolean isOutOfRange(Throwable e) {
        return sqlState(e, "22003");
    }

    private static boolean sqlState(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
