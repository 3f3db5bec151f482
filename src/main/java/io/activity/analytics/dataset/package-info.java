/** Deterministic generated datasets (demo, small, large) written with COPY, and the demo start-up. */
package io.activity.analytics.dataset;
