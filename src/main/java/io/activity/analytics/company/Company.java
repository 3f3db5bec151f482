package io.activity.analytics.company;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "companies")
class Company {

    @Id
    private UUID companyId;

    private String name;
    private String timezone;
    private Instant createdAt;
    private Instant updatedAt;

    protected Company() {}

    Company(UUID companyId, String name, String timezone, Instant now) {
        this.companyId = companyId;
        this.name = name;
        this.timezone = timezone;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void update(String name, String timezone, Instant now) {
        this.name = name;
        this.timezone = timezone;
        this.updatedAt = now;
    }

    UUID companyId() {
        return companyId;
    }

    String name() {
        return name;
    }

    String timezone() {
        return timezone;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
