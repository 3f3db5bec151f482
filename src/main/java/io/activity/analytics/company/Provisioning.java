package io.activity.analytics.company;

import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.FieldNames;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and edits companies and memberships for the provisioning API. */
@Service
class Provisioning {

    private static final Set<String> PATCHABLE =
            Set.of("email", "first_name", "last_name", "role", "department", "status");

    private final CompanyRepository companies;
    private final UserRepository users;
    private final MemberRepository members;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    Provisioning(
            CompanyRepository companies,
            UserRepository users,
            MemberRepository members,
            Validator validator,
            ApplicationEventPublisher events) {
        this.companies = companies;
        this.users = users;
        this.members = members;
        this.validator = validator;
        this.events = events;
    }

    record Result<T>(T body, boolean created) {}

    @Transactional
    Result<CompanyResponse> putCompany(UUID companyId, CompanyRequest request) {
        String zone = request.timezone() == null ? "UTC" : request.timezone();
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            throw ApiException.validation("timezone", "must be an IANA time zone name such as Europe/Berlin");
        }
        Instant now = now();
        var existing = companies.findById(companyId);
        if (existing.isPresent()) {
            Company company = existing.get();
            boolean zoneChanged = !company.timezone().equals(zone);
            company.update(request.name(), zone, now);
            if (zoneChanged) {
                events.publishEvent(new CompanyTimezoneChanged(companyId));
            }
            return new Result<>(CompanyResponse.of(company), false);
        }
        Company company = companies.save(new Company(companyId, request.name(), zone, now));
        return new Result<>(CompanyResponse.of(company), true);
    }

    @Transactional(readOnly = true)
    CompanyResponse getCompany(UUID companyId) {
        return companies.findById(companyId).map(CompanyResponse::of).orElseThrow(ApiException::companyNotFound);
    }

    @Transactional
    Result<MemberResponse> putMember(UUID companyId, UUID userId, MemberRequest request) {
        Instant now = now();
        MemberKey key = new MemberKey(companyId, userId);
        AppUser user = users.findById(key).orElseGet(() -> new AppUser(companyId, userId, now));
        user.setEmail(request.email().trim(), now);
        user.setFirstName(request.firstName() == null ? "" : request.firstName(), now);
        user.setLastName(request.lastName() == null ? "" : request.lastName(), now);
        users.saveAndFlush(user);

        var existing = members.findById(key);
        boolean created = existing.isEmpty() || existing.get().deleted();
        Member member = existing.orElseGet(() -> new Member(companyId, userId, now));
        member.setRole(request.role() == null ? "member" : request.role(), now);
        member.setDepartment(request.department(), now);
        member.setStatus(request.status() == null ? "active" : request.status(), now);
        if (member.deleted()) {
            member.restore(now);
        }
        members.saveAndFlush(member);
        return new Result<>(MemberResponse.of(user, member), created);
    }

    @Transactional
    MemberResponse patchMember(UUID companyId, UUID userId, Map<String, Object> patch) {
        MemberKey key = new MemberKey(companyId, userId);
        Member member = members.findById(key).filter(m -> !m.deleted()).orElseThrow(ApiException::userNotFound);
        AppUser user = users.findById(key).orElseThrow(ApiException::userNotFound);

        Map<String, List<String>> errors = new LinkedHashMap<>();
        patch.forEach((field, value) -> {
            if (!PATCHABLE.contains(field)) {
                return; // unknown fields are ignored, as unknown query parameters are
            }
            if (value == null && !field.equals("department")) {
                errors.put(field, List.of("must not be null"));
            } else if (value != null && !(value instanceof String)) {
                errors.put(field, List.of("must be a string"));
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        MemberRequest merged = new MemberRequest(
                string(patch, "email", user.email()),
                string(patch, "first_name", user.firstName()),
                string(patch, "last_name", user.lastName()),
                string(patch, "role", member.role()),
                string(patch, "department", member.department()),
                string(patch, "status", member.status()));
        validator
                .validate(merged)
                .forEach(v -> errors.computeIfAbsent(
                                FieldNames.snake(v.getPropertyPath().toString()), k -> new ArrayList<>())
                        .add(v.getMessage()));
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        Instant now = now();
        user.setEmail(merged.email().trim(), now);
        user.setFirstName(merged.firstName(), now);
        user.setLastName(merged.lastName(), now);
        member.setRole(merged.role(), now);
        member.setDepartment(merged.department(), now);
        member.setStatus(merged.status(), now);
        users.saveAndFlush(user);
        members.saveAndFlush(member);
        return MemberResponse.of(user, member);
    }

    @Transactional
    void deleteMember(UUID companyId, UUID userId) {
        Member member = members.findById(new MemberKey(companyId, userId)).orElseThrow(ApiException::userNotFound);
        if (!member.deleted()) { // deleting twice is harmless
            member.delete(now());
            members.saveAndFlush(member);
        }
    }

    @Transactional(readOnly = true)
    MemberResponse getMember(UUID companyId, UUID userId) {
        MemberKey key = new MemberKey(companyId, userId);
        Member member = members.findById(key).filter(m -> !m.deleted()).orElseThrow(ApiException::userNotFound);
        AppUser user = users.findById(key).orElseThrow(ApiException::userNotFound);
        return MemberResponse.of(user, member);
    }

    private Instant now() {
        // Microseconds: what PostgreSQL stores, so a value read back equals the one returned.
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static String string(Map<String, Object> patch, String field, String current) {
        return patch.containsKey(field) ? (String) patch.get(field) : current;
    }
}
