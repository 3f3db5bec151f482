package io.activity.analytics.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error page for requests it refuses before the application sees them (malformed or
 * oversized request lines, encoded slashes or NULs in the path): a problem body, no server
 * details. Tomcat creates it by class name, so it is public and builds the JSON itself.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    private static String title(int status) {
        var known = org.springframework.http.HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        boolean client = status < 500;
        String code = status == 400 ? "validation_error" : client ? "invalid_request" : "internal_error";
        String errors = status == 400
                ? ",\"errors\":{\"request\":[\"is malformed, too large or contains characters that are not allowed\"]}"
                : "";
        String body = "{\"type\":\"" + Problems.TYPE_BASE + code.replace('_', '-') + "\",\"title\":\""
                + title(status) + "\",\"status\":" + status
                + ",\"detail\":\"The request was refused by the server.\",\"code\":\"" + code
                + "\",\"timestamp\":\"" + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\"" + errors + "}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone; nothing more to tell the client
        }
    }
}
