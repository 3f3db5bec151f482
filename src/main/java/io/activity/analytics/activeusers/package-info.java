/** How many members were active per day or calendar month, and how sticky that activity is. */
package io.activity.analytics.activeusers;
