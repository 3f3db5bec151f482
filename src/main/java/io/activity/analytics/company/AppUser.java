package io.activity.analytics.company;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "users")
@IdClass(MemberKey.class)
class AppUser {

    @Id
    private UUID companyId;

    @Id
    private UUID userId;

    private String email;
    private String firstName;
    private String lastName;
    private Instant createdAt;
    private Instant updatedAt;

    protected AppUser() {}

    AppUser(UUID companyId, UUID userId, Instant now) {
        this.companyId = companyId;
        this.userId = userId;
        this.createdAt = now;
        this.updatedAt = now;
        this.firstName = "";
        this.lastName = "";
    }

    void setEmail(String email, Instant now) {
        this.email = email;
        this.updatedAt = now;
    }

    void setFirstName(String firstName, Instant now) {
        this.firstName = firstName;
        this.updatedAt = now;
    }

    void setLastName(String lastName, Instant now) {
        this.lastName = lastName;
        this.updatedAt = now;
    }

    String email() {
        return email;
    }

    String firstName() {
        return firstName;
    }

    String lastName() {
        return lastName;
    }
}
