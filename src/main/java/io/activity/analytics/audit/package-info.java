/** The access audit trail: who read which company's data, recorded off the request thread. */
package io.activity.analytics.audit;
