package io.activity.analytics.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBodySize largest request body accepted (413 above it)
 * @param corsAllowedOrigins dashboard origins allowed to call the API from a browser
 */
@Validated
@ConfigurationProperties("analytics.web")
public record WebProperties(
        @DefaultValue("2MB") DataSize maxBodySize,
        @DefaultValue("") List<String> corsAllowedOrigins) {}
