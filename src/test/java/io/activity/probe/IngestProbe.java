package io.activity.probe;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.DataIngest;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in ingest route ({@link DataIngest}, so the ingest limit applies) for the ingest-limit
 * tests, so they do not depend on the real ingest endpoints. Lives outside the application's package so component
 * scanning never finds it; tests import it explicitly.
 */
@RestController
@RequestMapping("/api/v2/companies/{companyId}")
public class IngestProbe {

    @DataIngest
    @PostMapping("/track/limit-probe")
    @CompanyAccess(role = Access.MEMBER, scope = Caller.INGEST)
    ResponseEntity<Void> probe(@PathVariable UUID companyId, Caller caller) {
        return ResponseEntity.accepted().build();
    }
}
