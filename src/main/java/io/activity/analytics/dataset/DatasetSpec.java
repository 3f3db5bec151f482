package io.activity.analytics.dataset;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What to generate: companies (name, zone, members) and the run of company-local days ending at
 * {@code endDate}. Ids depend only on the names (not the seed), so tokens, docs and the Bruno
 * collection can name them: company = nameUUIDFromBytes("analytics-dataset:company:" + name),
 * user i = nameUUIDFromBytes("analytics-dataset:user:" + company + ":" + i). Member 0 is the
 * owner, 1 an admin, 2 a plain member; these three never change status.
 */
public record DatasetSpec(String name, long seed, LocalDate endDate, int days, List<CompanySpec> companies) {

    public static final long DEFAULT_SEED = 42L;

    /** The fixed end of the published {@code large} dataset. */
    public static final LocalDate LARGE_END = LocalDate.of(2026, 6, 30);

    private static final String[] ZONES = {
        "Europe/Berlin",
        "Asia/Kolkata",
        "America/Los_Angeles",
        "UTC",
        "Australia/Sydney",
        "America/Sao_Paulo",
        "Asia/Tokyo",
        "Europe/London"
    };

    public record CompanySpec(String name, String zone, int members) {
        public UUID id() {
            return companyId(name);
        }

        public UUID userId(int index) {
            return DatasetSpec.userId(name, index);
        }
    }

    public LocalDate startDate() {
        return endDate.minusDays(days - 1L);
    }

    public static UUID companyId(String companyName) {
        return UUID.nameUUIDFromBytes(("analytics-dataset:company:" + companyName).getBytes(StandardCharsets.UTF_8));
    }

    public static UUID userId(String companyName, int index) {
        return UUID.nameUUIDFromBytes(
                ("analytics-dataset:user:" + companyName + ":" + index).getBytes(StandardCharsets.UTF_8));
    }

    /** 3 × 25 members, 60 days: acme (New York), globex (Berlin), initech (Kolkata, +05:30). */
    public static DatasetSpec demo(long seed, LocalDate endDate) {
        return new DatasetSpec(
                "demo",
                seed,
                endDate,
                60,
                List.of(
                        new CompanySpec("acme", "America/New_York", 25),
                        new CompanySpec("globex", "Europe/Berlin", 25),
                        new CompanySpec("initech", "Asia/Kolkata", 25)));
    }

    /** 5 × 40 members, 30 days. */
    public static DatasetSpec small(long seed, LocalDate endDate) {
        return new DatasetSpec("small", seed, endDate, 30, mixed(5, 40, 40));
    }

    /** acme with 2,000 members plus 49 companies of 20, 180 days. */
    public static DatasetSpec large(long seed, LocalDate endDate) {
        return new DatasetSpec("large", seed, endDate, 180, mixed(50, 2000, 20));
    }

    /** A tiny dataset for tests: {@code companies} companies of {@code members} members. */
    public static DatasetSpec custom(String name, long seed, LocalDate endDate, int days, int companies, int members) {
        // Company names carry the dataset name, so a custom dataset never collides with demo's acme.
        String[] zones = {"America/New_York", "Asia/Kolkata", "Europe/Berlin", "UTC"};
        List<CompanySpec> list = new ArrayList<>();
        for (int i = 1; i <= companies; i++) {
            list.add(new CompanySpec(name + "-" + i, zones[(i - 1) % zones.length], members));
        }
        return new DatasetSpec(name, seed, endDate, days, list);
    }

    public static DatasetSpec named(String name, long seed, LocalDate endDate) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "demo" -> demo(seed, endDate);
            case "small" -> small(seed, endDate);
            case "large" -> large(seed, endDate);
            default -> throw new IllegalArgumentException("unknown dataset " + name + " (demo, small, large)");
        };
    }

    /** acme (America/New_York) first, then company-02… in a rotation of zones that includes +05:30. */
    private static List<CompanySpec> mixed(int count, int acmeMembers, int members) {
        List<CompanySpec> list = new ArrayList<>();
        list.add(new CompanySpec("acme", "America/New_York", acmeMembers));
        for (int i = 2; i <= count; i++) {
            list.add(new CompanySpec(String.format("company-%02d", i), ZONES[(i - 2) % ZONES.length], members));
        }
        return list;
    }
}
