package io.activity.analytics.company;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A membership. Status history is written by a database trigger, never from here. */
@Entity
@Table(name = "company_members")
@IdClass(MemberKey.class)
class Member {

    @Id
    private UUID companyId;

    @Id
    private UUID userId;

    private String role;
    private String department;
    private String status;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant deletedAt;

    protected Member() {}

    Member(UUID companyId, UUID userId, Instant now) {
        this.companyId = companyId;
        this.userId = userId;
        this.role = "member";
        this.status = "active";
        this.createdAt = now;
        this.updatedAt = now;
    }

    void setRole(String role, Instant now) {
        this.role = role;
        this.updatedAt = now;
    }

    void setDepartment(String department, Instant now) {
        this.department = department;
        this.updatedAt = now;
    }

    void setStatus(String status, Instant now) {
        this.status = status;
        this.updatedAt = now;
    }

    void delete(Instant now) {
        this.deletedAt = now;
        this.updatedAt = now;
    }

    void restore(Instant now) {
        this.deletedAt = null;
        this.updatedAt = now;
    }

    boolean deleted() {
        return deletedAt != null;
    }

    UUID userId() {
        return userId;
    }

    String role() {
        return role;
    }

    String department() {
        return department;
    }

    String status() {
        return status;
    }

    Instant createdAt() {
        return createdAt;
    }
}
