package io.activity.analytics.web;

/**
 * A query or path value that cannot be read as its declared type. The message says what is
 * expected ("must be a date (YYYY-MM-DD)"); {@link ProblemAdvice} puts it under the parameter's
 * name, which Spring's binder knows and the parser does not.
 */
public class InvalidInput extends IllegalArgumentException {

    public InvalidInput(String expected) {
        super(expected);
    }
}
