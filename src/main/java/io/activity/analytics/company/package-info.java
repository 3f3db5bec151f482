/** Companies, users and memberships, and their trigger-kept status history. */
package io.activity.analytics.company;
