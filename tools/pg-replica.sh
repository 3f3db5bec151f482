#!/usr/bin/env bash
# A throwaway PostgreSQL primary and a streaming replica of it, for the read-replica test
# (ReadReplicaTest, tag "scaleout") and the replica benchmark (docs/benchmarks.md). The system's
# own PostgreSQL and its configuration are left alone: both servers live under a temporary
# directory, are built with Debian's PostgreSQL binaries (initdb, pg_ctl, pg_basebackup -R) and
# listen on 127.0.0.1 only, with trust authentication (replication included).
#
#   tools/pg-replica.sh start <primary-port> <replica-port>   # prints nothing else on success
#   tools/pg-replica.sh stop <primary-port>                   # stops both, removes the directory
#   tools/pg-replica.sh stop-replica <primary-port>           # stops the replica only (an outage)
#   tools/pg-replica.sh start-replica <primary-port> <replica-port>   # starts it again
#
# PG_REPLICA_BIN overrides the binaries' directory (default: the newest /usr/lib/postgresql/*/bin).
# PG_REPLICA_DIR overrides the directory (default /tmp/pg-replica-<primary-port>). PostgreSQL
# refuses to run as root: as root, the servers run as the OS user postgres (runuser).
# Every wait is bounded (pg_ctl -t, timeout), so a broken machine fails the caller, not hangs it.
set -euo pipefail

usage() {
  echo "usage: $0 start|start-replica <primary-port> <replica-port> | stop|stop-replica <primary-port>" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
command=$1
primary_port=$2
[[ $primary_port =~ ^[0-9]+$ ]] || usage
dir=${PG_REPLICA_DIR:-/tmp/pg-replica-$primary_port}
bin=${PG_REPLICA_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
[[ -x $bin/pg_ctl ]] || { echo "pg-replica: no PostgreSQL binaries in '$bin'" >&2; exit 1; }

# Runs a command as the OS user that owns the servers' files (a prefix, so timeout(1) can run it).
owner=()
if [[ $(id -u) -eq 0 ]]; then
  owner=(runuser -u postgres --)
fi
as_owner() {
  "${owner[@]}" "$@"
}

stop() {
  for node in replica primary; do
    if [[ -f $dir/$node/postmaster.pid ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/$node" -m immediate -t 30 -w stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$dir"
}

# Server settings for both nodes: the port, no TCP but 127.0.0.1, the socket in the directory
# (not /var/run/postgresql, which the system server owns); fsync off since the data is throwaway.
options() {
  echo "-p $1 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off \
-c full_page_writes=off -c max_connections=80 -c shared_buffers=128MB"
}

start() {
  local replica_port=$1
  [[ $replica_port =~ ^[0-9]+$ ]] || usage
  stop
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # initdb's pg_hba.conf already trusts replication connections from 127.0.0.1; the replica
  # streams WAL (wal_level replica, the default) and gets a slot so the primary keeps the WAL
  # a paused replica still needs.
  as_owner "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -t 60 -w \
    -o "$(options "$primary_port") -c wal_level=replica -c max_wal_senders=4 -c max_replication_slots=4" \
    start >/dev/null || { cat "$dir/primary.log" >&2; exit 1; }
  timeout 120 "${owner[@]}" "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres \
    -D "$dir/replica" -R -X stream -C -S replica --checkpoint=fast --no-sync \
    >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
  start_replica "$replica_port"
  # The replica is up; wait (bounded) until it streams from the primary.
  for _ in $(seq 1 60); do
    if [[ $(as_owner "$bin/psql" -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -Atc \
      "select count(*) from pg_stat_replication where state = 'streaming'") == 1 ]]; then
      return 0
    fi
    sleep 0.5
  done
  echo "pg-replica: the replica did not start streaming" >&2
  cat "$dir/replica.log" >&2
  exit 1
}

start_replica() {
  # hot_standby: the replica answers reads. A standby query that conflicts with replay waits
  # for it at most 30 s (the default), then replay cancels it.
  as_owner "$bin/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -t 60 -w \
    -o "$(options "$1") -c hot_standby=on -c hot_standby_feedback=on" \
    start >/dev/null || { cat "$dir/replica.log" >&2; exit 1; }
}

stop_replica() {
  as_owner "$bin/pg_ctl" -D "$dir/replica" -m fast -t 30 -w stop >/dev/null
}

case $command in
  start) [[ $# -eq 3 ]] || usage; start "$3" ;;
  stop) stop ;;
  start-replica) [[ $# -eq 3 && $3 =~ ^[0-9]+$ ]] || usage; start_replica "$3" ;;
  stop-replica) stop_replica ;;
  *) usage ;;
esac
