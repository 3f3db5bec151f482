package io.activity.analytics.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StreamUtils;

/** Statements longer than a screen (SQL, and the Redis scripts) live in files beside the class that runs them. */
public final class SqlFiles {

    private SqlFiles() {}

    /** The text of {@code file} in the package of {@code owner}; a missing file fails at start-up. */
    public static String text(Class<?> owner, String file) {
        try (var in = new ClassPathResource(file, owner).getInputStream()) {
            return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing SQL resource " + file + " beside " + owner.getName(), e);
        }
    }
}
