/** How many members were active, inactive and pending at the end of each company-local day. */
package io.activity.analytics.statuscounts;
