/** Short-lived shared cache of read responses, per company, cleared when the company's data changes. */
package io.activity.analytics.cache;
