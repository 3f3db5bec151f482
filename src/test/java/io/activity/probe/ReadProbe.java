package io.activity.probe;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stand-ins for a read sent as a POST (the future {@code POST …/query}): one declared
 * {@code read = true}, one the same but not declared, so the tests see what the declaration does
 * (read-only tokens, the read limit). Outside the application's package so component scanning never
 * finds it; tests import it explicitly.
 */
@RestController
@RequestMapping("/api/v2/companies/{companyId}")
public class ReadProbe {

    @PostMapping("/query-probe")
    @CompanyAccess(role = Access.MEMBER, read = true)
    Map<String, String> query(@PathVariable UUID companyId, Caller caller) {
        return Map.of("company_id", caller.companyId().toString());
    }

    @PostMapping("/write-probe")
    @CompanyAccess(role = Access.MEMBER)
    Map<String, String> write(@PathVariable UUID companyId, Caller caller) {
        return Map.of("company_id", caller.companyId().toString());
    }
}
