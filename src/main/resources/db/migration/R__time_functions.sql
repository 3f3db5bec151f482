-- The service's few definitions of local time, used by every statement instead of spelling the
-- expression out (issue 15). Each is one immutable SQL expression, so PostgreSQL inlines it: a
-- call costs exactly what the expression costs, and a call on constants is folded at planning.
-- Repeatable: Flyway re-runs this file whenever it changes (after the versioned migrations, so
-- no versioned migration may use these functions).

-- The company-local calendar day of an instant in an IANA zone (23- and 25-hour DST days and
-- +05:30/+05:45 offsets come out right).
create or replace function local_day(at timestamptz, zone text) returns date
    language sql immutable parallel safe
    return (at at time zone zone)::date;

-- The instant a local calendar day starts in an IANA zone (a range of days [from, to] is
-- [local_midnight(from), local_midnight(to + 1))).
create or replace function local_midnight(day date, zone text) returns timestamptz
    language sql immutable parallel safe
    return day::timestamp at time zone zone;

-- The UTC quarter hour holding an instant. Every UTC offset in use is a multiple of 15 minutes,
-- so every local day in any zone is a whole number of these buckets.
create or replace function quarter_hour(at timestamptz) returns timestamptz
    language sql immutable parallel safe
    return date_bin('15 minutes', at, timestamptz '2000-01-01Z');
