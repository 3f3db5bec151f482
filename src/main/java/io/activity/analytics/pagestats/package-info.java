/** Views, distinct viewers and average duration per page path over an arbitrary time range. */
package io.activity.analytics.pagestats;
