package io.activity.analytics.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the end-to-end tests: the whole service on a random port against real PostgreSQL and
 * Redis. Every test makes its own companies with random ids, so tests never share rows. The
 * service reads "now" from {@link #clock}: the system's clock unless a test fixes it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.Config.class)
public abstract class IntegrationTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    /** The service's clock; a test may fix it, and it is the system's again after every test. */
    @Autowired
    protected TestClock clock;

    protected Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @AfterEach
    void systemClock() {
        clock.reset();
    }

    /** GET of a company read ({@code pathAndQuery} after the company's path), asserted 200; its body. */
    protected JsonNode getOk(UUID company, String pathAndQuery, String token) {
        var response = api.get("/api/v2/companies/" + company + pathAndQuery, token);
        assertThat(response.status()).as(pathAndQuery + " -> " + response).isEqualTo(200);
        return response.json();
    }

    /** Creates a company through the provisioning API and returns its id. */
    protected UUID company(String timezone) {
        UUID id = UUID.randomUUID();
        var response = api.put(
                "/api/v2/companies/" + id, Tokens.provision(), Map.of("name", "Co " + id, "timezone", timezone));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return id;
    }

    /** Adds a member through the provisioning API and returns the user id. */
    protected UUID member(UUID companyId, String role, String status) {
        UUID userId = UUID.randomUUID();
        var response = api.put(
                "/api/v2/companies/" + companyId + "/members/" + userId,
                Tokens.provision(),
                Map.of(
                        "email",
                        userId + "@example.com",
                        "first_name",
                        "First",
                        "last_name",
                        "Last",
                        "role",
                        role,
                        "status",
                        status));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return userId;
    }

    protected UUID member(UUID companyId) {
        return member(companyId, "member", "active");
    }
}
