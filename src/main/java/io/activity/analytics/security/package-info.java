/** Bearer-token checking and the single company-access rule every tenant route goes through. */
package io.activity.analytics.security;
