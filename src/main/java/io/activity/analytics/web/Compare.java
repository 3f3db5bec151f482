package io.activity.analytics.web;

/**
 * {@code compare} of the series reads (active users, insights trends) and of the user-metrics
 * summary: {@code previous} adds the same figures for the equally long range just before.
 */
public enum Compare implements WireName {
    PREVIOUS
}
