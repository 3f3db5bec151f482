-- Tenants, users and memberships. Every primary and unique key starts with company_id so that
-- every query is scoped by tenant and the schema can be sharded by company_id later.

create table companies (
    company_id uuid primary key,
    name       text        not null check (length(name) between 1 and 200),
    timezone   text        not null default 'UTC',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- A user's identity is kept per company: a person in two companies has two rows, so no query
-- ever needs to leave its tenant.
create table users (
    company_id uuid        not null references companies (company_id) on delete cascade,
    user_id    uuid        not null,
    email      text        not null,
    first_name text        not null default '',
    last_name  text        not null default '',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (company_id, user_id)
);
create index users_email_idx on users (company_id, lower(email));

create table company_members (
    company_id uuid        not null,
    user_id    uuid        not null,
    role       text        not null default 'member' check (role in ('member', 'admin', 'owner')),
    department text,
    status     text        not null default 'active' check (status in ('active', 'inactive', 'pending')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    primary key (company_id, user_id),
    foreign key (company_id, user_id) references users (company_id, user_id) on delete cascade
);

-- Status history, written only by the trigger below. new_status 'deleted' marks a soft delete;
-- a restore (deleted_at cleared) records the status the member comes back with.
create table user_status_changes (
    company_id uuid        not null,
    change_id  bigint generated always as identity,
    user_id    uuid        not null,
    old_status text,
    new_status text        not null check (new_status in ('active', 'inactive', 'pending', 'deleted')),
    changed_at timestamptz not null default now(),
    primary key (company_id, change_id),
    foreign key (company_id, user_id) references company_members (company_id, user_id) on delete cascade
);
create index user_status_changes_time_idx on user_status_changes (company_id, changed_at);

create function record_member_status_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into user_status_changes (company_id, user_id, old_status, new_status, changed_at)
        values (new.company_id, new.user_id, null,
                case when new.deleted_at is null then new.status else 'deleted' end, new.created_at);
    elsif old.deleted_at is null and new.deleted_at is not null then
        insert into user_status_changes (company_id, user_id, old_status, new_status, changed_at)
        values (new.company_id, new.user_id, old.status, 'deleted', new.deleted_at);
    elsif old.deleted_at is not null and new.deleted_at is null then
        insert into user_status_changes (company_id, user_id, old_status, new_status, changed_at)
        values (new.company_id, new.user_id, 'deleted', new.status, now());
    elsif new.deleted_at is null and new.status is distinct from old.status then
        insert into user_status_changes (company_id, user_id, old_status, new_status, changed_at)
        values (new.company_id, new.user_id, old.status, new.status, now());
    end if;
    return new;
end
$$;

create trigger company_members_status_history
    after insert or update on company_members
    for each row execute function record_member_status_change();
