package io.activity.analytics.web;

import java.io.IOException;

/** Thrown when a request body or batch is over its limit; becomes a 413. */
public class PayloadTooLargeException extends IOException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
