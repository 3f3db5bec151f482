package io.activity.analytics.company;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface CompanyRepository extends JpaRepository<Company, UUID> {}

interface UserRepository extends JpaRepository<AppUser, MemberKey> {}

interface MemberRepository extends JpaRepository<Member, MemberKey> {}
