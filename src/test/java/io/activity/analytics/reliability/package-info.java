/** Reliability and security proofs: the isolation matrix, bad input, faults and load. */
package io.activity.analytics.reliability;
