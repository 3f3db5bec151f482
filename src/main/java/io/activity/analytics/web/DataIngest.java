package io.activity.analytics.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that takes in activity data (heartbeats, page views, session heartbeats). Such
 * writes are the company's traffic, counted in its usage, not actions on its account: the audit
 * trail records every other write, and no ingest batch.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface DataIngest {}
