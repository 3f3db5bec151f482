/**
 * The service's own API traffic as data: every request that passed a company's access check
 * becomes a usage event of that company (usage_events), written off the request thread; the
 * insights endpoints read them.
 */
package io.activity.analytics.usage;
