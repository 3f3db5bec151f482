#!/usr/bin/env bash
# Creates a fresh, empty database on a PostgreSQL server (dropping one of that name first):
#
#   tools/create-db.sh <host> <port> <database>
#
# On a Citus coordinator (the citus extension in its maintenance database "postgres") it also does
# what the test suite gives its fresh databases (TestInfrastructure): Citus keeps its extension and
# node list per database and does not create databases on the workers, so the database and the
# extension are made on every worker, then the extension, the coordinator's address and the
# workers in the new database on the coordinator. The service's afterMigrate callback then
# distributes the tables (docs/scaling.md). User postgres without a password.
set -euo pipefail
host=${1:?host}
port=${2:?port}
db=${3:?database}
psql_at() { PGOPTIONS="-c client_min_messages=warning" psql -h "$1" -p "$2" -U postgres -X -q -t -A -v ON_ERROR_STOP=1 -d "$3" "${@:4}"; }

psql_at "$host" "$port" postgres -c "drop database if exists \"$db\" with (force)" -c "create database \"$db\""
if [[ $(psql_at "$host" "$port" postgres -c "select 1 from pg_extension where extname = 'citus'") != 1 ]]; then
  exit 0
fi
coordinator=$(psql_at "$host" "$port" postgres -c "select nodename || ' ' || nodeport from pg_dist_node where groupid = 0")
workers=$(psql_at "$host" "$port" postgres -c "select nodename || ' ' || nodeport from pg_dist_node
  where groupid <> 0 and isactive and noderole = 'primary' order by nodeid")
echo "create-db: Citus coordinator: creating $db on the workers ($(echo $workers | tr '\n' ' '))" >&2
while read -r h p; do
  [[ -n $h ]] || continue
  psql_at "$h" "$p" postgres -c "drop database if exists \"$db\" with (force)" -c "create database \"$db\""
  psql_at "$h" "$p" "$db" -c "create extension citus"
done <<< "$workers"
psql_at "$host" "$port" "$db" -c "create extension citus" >/dev/null
if [[ -n $coordinator ]]; then
  read -r h p <<< "$coordinator"
  psql_at "$host" "$port" "$db" -c "select citus_set_coordinator_host('$h', $p)" >/dev/null
fi
while read -r h p; do
  [[ -n $h ]] || continue
  psql_at "$host" "$port" "$db" -c "select citus_add_node('$h', $p)" >/dev/null
done <<< "$workers"
