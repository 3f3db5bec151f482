package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The heartbeat batch as plain statements (heartbeat-batch-split.sql, the form the service uses on
 * Citus) must keep every promise of the one-statement form, so the same tests run here with it
 * forced on plain PostgreSQL: rollups equal to a rebuild under replays and overlapping batches, an
 * erased member's late batch storing nothing, a group with one invalid batch failing that batch
 * only. One Spring context for the three (the same property).
 */
class SplitBatchTest {

    private static final String SPLIT = "analytics.ingest.split-batches=true";

    @Nested
    @TestPropertySource(properties = SPLIT)
    class Rollups extends RollupPropertyTest {

        @Autowired
        HeartbeatWriter writer;

        @Test
        void theBatchesHereAreWrittenAsPlainStatements() {
            assertThat(writer.splits()).isTrue();
        }
    }

    @Nested
    @TestPropertySource(properties = SPLIT)
    class ErasedMember extends ErasedMemberIngestTest {}

    @Nested
    @TestPropertySource(properties = SPLIT)
    class GroupCommit extends HeartbeatGroupCommitTest {}
}
