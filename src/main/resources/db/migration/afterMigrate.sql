-- Runs after every migration run (a Flyway callback). On plain PostgreSQL it does nothing. Where
-- the citus extension is installed (docs/scaling.md) it distributes every table that is not
-- distributed yet: every tenant table (one with a company_id column) by company_id, colocated with
-- companies, so each company's rows of every table live on one shard group and every statement of
-- the service, always scoped to one company, is routed to one node; and the two non-tenant tables
-- as reference tables (copied to every node): dataset_runs, and company_jobs, the cross-company
-- job queue that RebuildJobs claims with FOR UPDATE SKIP LOCKED. A table added by a later
-- migration is distributed by the same run that created it, so the rule cannot be forgotten.
-- Tables are taken in foreign-key order (a table after the tables it references).
do $$
declare
    rel regclass;
begin
    if not exists (select 1 from pg_extension where extname = 'citus') then
        return;
    end if;
    -- The status-history trigger on company_members is shard-local (both tables share the shard
    -- group); Citus asks for this setting to distribute a table that has a trigger.
    perform set_config('citus.enable_unsafe_triggers', 'on', true);
    for rel in
        select c.oid::regclass from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname in ('dataset_runs', 'company_jobs')
          and not exists (select 1 from pg_dist_partition p where p.logicalrelid = c.oid)
    loop
        perform create_reference_table(rel);
    end loop;
    if not exists (select 1 from pg_dist_partition where logicalrelid = 'companies'::regclass) then
        perform create_distributed_table('companies', 'company_id');
    end if;
    loop
        select c.oid::regclass into rel
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
          and c.relname not in ('dataset_runs', 'company_jobs', 'flyway_schema_history')
          and exists (select 1 from pg_attribute a
                      where a.attrelid = c.oid and a.attname = 'company_id' and not a.attisdropped)
          and not exists (select 1 from pg_dist_partition p where p.logicalrelid = c.oid)
          -- every table it references is distributed already
          and not exists (select 1 from pg_constraint f
                          where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid
                            and not exists (select 1 from pg_dist_partition p where p.logicalrelid = f.confrelid))
        order by c.relname
        limit 1;
        exit when rel is null;
        perform create_distributed_table(rel, 'company_id', colocate_with => 'companies');
    end loop;
end
$$;
