package io.activity.analytics.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.audit.AuditEntry.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Plain unit test of the refusal sampling: 3 rows a 1000 ms window, the rest folded. */
class RefusalSamplerTest {

    private final RefusalSampler sampler = new RefusalSampler(3, 1000);
    private final UUID company = UUID.randomUUID();

    private AuditEntry refusal(int n) {
        return new AuditEntry(company, Instant.EPOCH, null, "s" + n, "/r", "GET", null, 404, Outcome.DENIED, 0);
    }

    @Test
    void theFirstOfAWindowAreRowsTheRestOneFoldedRow() {
        List<AuditEntry> written = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            written.addAll(sampler.admit(refusal(n), 100 + n)); // all inside one window
        }
        assertThat(written).extracting(AuditEntry::subject).containsExactly("s1", "s2", "s3");
        assertThat(sampler.closeEnded(1099)).isEmpty(); // the window (100 … 1100) has not ended
        List<AuditEntry> folded = sampler.closeEnded(1101);
        assertThat(folded).hasSize(1);
        assertThat(folded.get(0).subject()).isEqualTo("s10"); // the last folded request …
        assertThat(folded.get(0).repeats()).isEqualTo(6); // … standing for s4 … s9 as well
        assertThat(sampler.closeEnded(5000)).isEmpty(); // written once
    }

    @Test
    void aRefusalAfterTheWindowWritesTheFoldedRowAndStartsAFreshWindow() {
        for (int n = 1; n <= 5; n++) {
            sampler.admit(refusal(n), 0);
        }
        List<AuditEntry> next = sampler.admit(refusal(6), 1000);
        assertThat(next)
                .extracting(AuditEntry::subject, AuditEntry::repeats)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("s5", 1), // folded s4 and s5
                        org.assertj.core.groups.Tuple.tuple("s6", 0)); // first of the new window
    }

    @Test
    void companiesAreSampledApart() {
        UUID other = UUID.randomUUID();
        for (int n = 1; n <= 3; n++) {
            sampler.admit(refusal(n), 0);
        }
        var theirs = new AuditEntry(other, Instant.EPOCH, null, "x", "/r", "GET", null, 404, Outcome.DENIED, 0);
        assertThat(sampler.admit(theirs, 1)).containsExactly(theirs);
    }
}
