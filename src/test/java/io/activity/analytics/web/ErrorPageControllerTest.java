package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/** Errors forwarded to /error by Tomcat (no handler ran) get the same problem bodies as the rest. */
class ErrorPageControllerTest {

    private final ErrorPageController controller = new ErrorPageController(new Problems(new JsonMapper()));

    private Problem forwarded(int status) {
        var request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/v2/companies/x/heartbeats");
        var response = controller.error(request);
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        return response.getBody();
    }

    @Test
    void aForwarded413IsPayloadTooLargeLikeTheFiltersOwn() {
        Problem problem = forwarded(413);
        assertThat(problem.code()).isEqualTo("payload_too_large");
        assertThat(problem.title()).isEqualTo("Payload Too Large");
        assertThat(problem.type()).isEqualTo("https://activity-analytics.dev/problems/payload-too-large");
        assertThat(problem.instance()).isEqualTo("/api/v2/companies/x/heartbeats");
    }

    @Test
    void aForwarded415NamesTheMediaTypeRule() {
        Problem problem = forwarded(415);
        assertThat(problem.code()).isEqualTo("unsupported_media_type");
        assertThat(problem.detail()).isEqualTo("The request body must be application/json.");
    }
}
