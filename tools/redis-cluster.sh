#!/usr/bin/env bash
# A throw-away Redis Cluster on this machine from Debian's redis-server, for RedisClusterTest and
# the S9 benchmark (docs/scaling.md#redis-cluster):
#
#   tools/redis-cluster.sh start <first-port>    3 masters and 3 replicas on <first-port>..+5
#   tools/redis-cluster.sh kill <port>           SIGKILL of one node (a master: its replica takes over)
#   tools/redis-cluster.sh stop <first-port>     stops all six, removes their directory
#
# Each node: cluster mode, no persistence (--save "" --appendonly no), cluster-node-timeout 2000 ms
# and cluster-replica-validity-factor 0 (a replica takes over however long ago it last heard from
# its master) so a killed master is failed over within a few seconds, its own directory under
# ${REDIS_CLUSTER_DIR:-/tmp}/redis-cluster-<first-port>/<port> (nodes.conf, log, pid). The cluster
# bus uses port + 10000, as Redis does by default. Every wait is bounded; start fails (and stops
# what it started) if the cluster is not ready (every slot served, every replica in sync) in 30 s.
set -euo pipefail

NODES=6
BASE=${REDIS_CLUSTER_DIR:-/tmp}

usage() { echo "usage: $0 start|stop <first-port> | kill <port>" >&2; exit 2; }
[[ $# -eq 2 && $2 =~ ^[0-9]+$ ]] || usage
FIRST=$2
DIR=$BASE/redis-cluster-$FIRST

ports() { seq "$FIRST" $((FIRST + NODES - 1)); }

# The pid of the node on <port> while it runs (redis-server removes its pid file on shutdown).
pid_of() {
  local pid
  pid=$(cat "$DIR/$1/redis.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

stop() {
  local pid
  for port in $(ports); do
    if pid=$(pid_of "$port"); then kill "$pid" 2>/dev/null || true; fi
  done
  for port in $(ports); do
    for _ in $(seq 1 50); do
      pid_of "$port" >/dev/null || break
      sleep 0.1
    done
    if pid=$(pid_of "$port"); then kill -9 "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$DIR"
}

start() {
  stop # a previous run that died leaves nodes.conf files a new cluster must not inherit
  for port in $(ports); do
    mkdir -p "$DIR/$port"
    redis-server --port "$port" --bind 127.0.0.1 --daemonize yes \
      --cluster-enabled yes --cluster-config-file "$DIR/$port/nodes.conf" \
      --cluster-node-timeout 2000 --cluster-replica-validity-factor 0 --save "" --appendonly no \
      --dir "$DIR/$port" --pidfile "$DIR/$port/redis.pid" --logfile "$DIR/$port/redis.log"
  done
  for port in $(ports); do
    for _ in $(seq 1 100); do
      redis-cli -p "$port" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    redis-cli -p "$port" ping >/dev/null 2>&1 || { echo "node $port did not start" >&2; stop; exit 1; }
  done
  local addresses=()
  for port in $(ports); do addresses+=("127.0.0.1:$port"); done
  # All nodes share one host here, so redis-cli warns that replicas sit beside their masters.
  if ! timeout 30 redis-cli --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes \
    > "$DIR/create.log" 2>&1; then
    cat "$DIR/create.log" >&2; stop; exit 1
  fi
  for _ in $(seq 1 300); do
    local ready=1
    for port in $(ports); do
      redis-cli -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || ready=0
      # A replica that has not synced yet would take its time to be promoted.
      if redis-cli -p "$port" role 2>/dev/null | head -n1 | grep -q slave; then
        redis-cli -p "$port" info replication | grep -q '^master_link_status:up' || ready=0
      fi
    done
    if [[ $ready == 1 ]]; then
      echo "redis cluster ready on 127.0.0.1:$FIRST-$((FIRST + NODES - 1))"
      return 0
    fi
    sleep 0.1
  done
  echo "redis cluster on $FIRST did not reach cluster_state:ok in 30 s" >&2
  stop
  exit 1
}

kill_node() {
  local port=$1 pidfile
  pidfile=$(ls "$BASE"/redis-cluster-*/"$port"/redis.pid 2>/dev/null | head -n1)
  [[ -n $pidfile ]] || { echo "no node on port $port" >&2; exit 1; }
  kill -9 "$(cat "$pidfile")"
}

case $1 in
  start) start ;;
  stop) stop ;;
  kill) kill_node "$FIRST" ;;
  *) usage ;;
esac
