package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CanonicalUuid takes the 8-4-4-4-12 form only, where UUID.fromString takes many spellings. */
class CanonicalUuidParseTest {

    @Test
    void canonicalFormInEitherCase() {
        UUID id = UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        assertThat(CanonicalUuid.parse("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")).isEqualTo(id);
        assertThat(CanonicalUuid.parse("0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D")).isEqualTo(id);
    }

    @Test
    void everyOtherSpellingIsRefused() {
        for (String text : List.of(
                "1-1-1-1-1", // UUID.fromString: 00000001-0001-0001-0001-000000000001
                "aaaaaaaa-0-4000-8000-a",
                "+a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", // a sign, 36 characters
                "0000000000000000000000001-1-1-1-1", // long first group, short others
                " 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                "0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d",
                "{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}",
                "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g",
                "\uff10a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", // a full-width digit, which Long.parseLong reads
                "")) {
            assertThat(CanonicalUuid.isCanonical(text)).as(text).isFalse();
            assertThatThrownBy(() -> CanonicalUuid.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(CanonicalUuid.isCanonical(null)).isFalse();
    }
}
