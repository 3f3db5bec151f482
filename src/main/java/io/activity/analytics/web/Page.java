package io.activity.analytics.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page of a list: total count, absolute links to the neighbours (or null), the rows. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Page<T>(long count, String next, String previous, List<T> results) {}
