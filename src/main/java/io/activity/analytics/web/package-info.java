/** What every endpoint shares: problem bodies, body limits, parameter parsing and paging. */
package io.activity.analytics.web;
