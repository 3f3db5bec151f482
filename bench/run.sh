#!/usr/bin/env bash
# One command for the benchmarks of docs/benchmarks.md (definitions in BENCHMARKS.md):
#
#   bench/run.sh <demo|small|large> [S1,S2,...|all] [--smoke] [--reuse-db [--rebuild-rollups]]
#
# Builds the jar if needed, creates a fresh database bench_<dataset> and generates the dataset
# into it (--reuse-db keeps a database that already holds it), starts the service on its own port
# (BENCH_PORT, default 18084) with the read rate limit raised and the response cache off, runs the
# scenarios with load from separate processes over loopback (wrk; bench/IngestLoad.java for S1),
# measures the same-run baselines (\copy for S1, pgbench for the SQL of S2, S3, S6, S8, S11), prints a
# table and writes bench/results/<dataset>-<timestamp>.json. Targets are enforced on `large` only.
#
# Method (BENCHMARKS.md): each read is first warmed at saturation until two consecutive windows
# (BENCH_WINDOW s, default 5) agree on throughput within 5 % (at most BENCH_WARMUP_MAX s, default
# 60; the time it took is printed and recorded); then, BENCH_RUNS times (default 3), latency at 1
# and 4 connections and throughput at saturation (16 connections) are measured for BENCH_DURATION
# s each (default 10); the medians are reported. p50 is the one at 1 connection, and the fixed
# cost is that p50 minus the p50 of the endpoint's own SQL. Ingest (S1) is warmed the same way in
# rounds of 40 batches.
# BENCH_DB_HOST/BENCH_DB_PORT (default 127.0.0.1/5432): another PostgreSQL server, e.g. a Citus
# coordinator (docs/scaling.md); the database is then also made on its workers.
# BENCH_REDIS_CLUSTER_NODES (host:port,…; default empty: the single Redis at 127.0.0.1:6379): S9
# against a Redis Cluster instead, e.g. one started by `tools/redis-cluster.sh start 18701`
# (docs/scaling.md#redis-cluster); recorded in S9's row.
# --smoke: one short run, exit non-zero only if something errors (service down, non-2xx answers,
# load errors), never on a target. Every load loop is bounded in time and count. S9 (two service
# instances) runs only when named or on `large`.
set -uo pipefail
cd "$(dirname "$0")/.."

DATASET=${1:?usage: bench/run.sh <demo|small|large> [S1,S2,...|all] [--smoke] [--reuse-db]}
shift
SCENARIOS=all SMOKE=0 REUSE=0 REBUILD=0
for arg in "$@"; do
  case $arg in
    --smoke) SMOKE=1 ;;
    --reuse-db) REUSE=1 ;;
    --rebuild-rollups) REBUILD=1 ;;
    all|S*) SCENARIOS=$arg ;;
    *) echo "unknown argument $arg" >&2; exit 2 ;;
  esac
done
PORT=${BENCH_PORT:-18084}
DB=bench_$DATASET
DURATION=${BENCH_DURATION:-$([[ $SMOKE == 1 ]] && echo 2 || echo 10)}
WINDOW=${BENCH_WINDOW:-$([[ $SMOKE == 1 ]] && echo 2 || echo 5)}
WARMUP_MAX=${BENCH_WARMUP_MAX:-$([[ $SMOKE == 1 ]] && echo 4 || echo 60)}
RUNS=${BENCH_RUNS:-$([[ $SMOKE == 1 ]] && echo 1 || echo 3)}
SECRET=bench-secret-not-for-production-0123456789
BASE=http://127.0.0.1:$PORT
# BENCH_DB_HOST/BENCH_DB_PORT: the PostgreSQL server the run uses (psql, pgbench, the generator and
# the service), e.g. a Citus coordinator (docs/scaling.md); user postgres without a password.
DB_HOST=${BENCH_DB_HOST:-127.0.0.1}
DB_PORT=${BENCH_DB_PORT:-5432}
JDBC=jdbc:postgresql://$DB_HOST:$DB_PORT
PSQL=(psql -h "$DB_HOST" -p "$DB_PORT" -U postgres -X -q -t -A -v ON_ERROR_STOP=1)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK=$(mktemp -d /tmp/bench-$DATASET-XXXX)
RESULTS=bench/results/$DATASET-$STAMP.json
ROWS=$WORK/rows.jsonl
SERVICE_PID=
mkdir -p bench/results
: > "$ROWS"

# The ingest load generator: a JVM started afresh for every run, so C1 only — its C2 compilations took
# CPU from the service and PostgreSQL on the same cores during the measurement (docs/benchmarks.md).
INGEST_LOAD=(java -XX:TieredStopAtLevel=1 bench/IngestLoad.java)
log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
errors() { if [[ -f $WORK/errors ]]; then wc -l < "$WORK/errors"; else echo 0; fi; }
# Errors are counted in a file: fail is also called inside $(…), whose variables are lost.
fail() { log "ERROR: $*"; printf '%s\n' "${*//$'\n'/ }" >> "$WORK/errors"; }
want() { [[ $SCENARIOS == all || ",$SCENARIOS," == *",$1,"* ]]; }
named() { [[ ",$SCENARIOS," == *",$1,"* ]]; }
cleanup() {
  local status=$?
  if [[ $status != 0 && -f $WORK/service.log ]]; then # what the service said, before the log goes
    echo "service log, errors and warnings (last 30):" >&2
    grep -E ' (ERROR|WARN) |Exception' "$WORK/service.log" | tail -30 >&2
  fi
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk jq; do
  if ! command -v $tool >/dev/null; then
    log "installing $tool (Debian package)"
    apt-get update -qq && apt-get install -y -qq $tool >/dev/null || { echo "cannot install $tool" >&2; exit 1; }
  fi
done

# ---------------------------------------------------------------- build
# BENCH_JAR: measure that jar instead (an A/B against an earlier build on the same machine).
JAR=${BENCH_JAR:-$(ls -t target/activity-analytics-*.jar 2>/dev/null | grep -v plain | head -n1 || true)}
if [[ -z ${BENCH_JAR:-} ]] && { [[ -z $JAR ]] || [[ -n $(find src pom.xml -newer "$JAR" -type f -print -quit) ]]; }; then
  log "building the jar"
  ./mvnw -B -ntp -q package -DskipTests || { echo "build failed" >&2; exit 1; }
  JAR=$(ls -t target/activity-analytics-*.jar | grep -v plain | head -n1)
fi

# A private copy: a build running meanwhile must not rewrite the jar under the running service.
cp "$JAR" "$WORK/service.jar" && JAR=$WORK/service.jar

# ---------------------------------------------------------------- dataset
LOAD_SECONDS=null
have_dataset() {
  "${PSQL[@]}" -d "$DB" -c "select 1 from dataset_runs where name = '$DATASET'" 2>/dev/null | grep -q 1
}
if [[ $REUSE == 1 ]] && have_dataset; then
  log "reusing database $DB (migrating it first, so S10 does not time the migrations)"
  java -jar "$JAR" --analytics.dataset.generate=migrate --server.port=0 --spring.datasource.hikari.maximum-pool-size=4 \
    --spring.datasource.url="$JDBC/$DB" --analytics.security.jwt.hmac-secret=$SECRET \
    > "$WORK/migrate.log" 2>&1 || { tail -40 "$WORK/migrate.log" >&2; exit 1; }
  if [[ $REBUILD == 1 ]]; then # after new migrations: same raw rows, rollups rebuilt by the new code
    java -jar "$JAR" --analytics.dataset.generate="$DATASET" --analytics.dataset.rebuild-only=true --server.port=0 \
      --spring.datasource.hikari.maximum-pool-size=4 --spring.datasource.url="$JDBC/$DB" \
      --analytics.security.jwt.hmac-secret=$SECRET > "$WORK/rebuild.log" 2>&1 || { tail -40 "$WORK/rebuild.log" >&2; exit 1; }
    grep '^dataset ' "$WORK/rebuild.log" >&2
  fi
else
  log "fresh database $DB, generating $DATASET"
  # On a Citus coordinator also on the workers, with the extension (tools/create-db.sh); the
  # afterMigrate callback then distributes the tables.
  tools/create-db.sh "$DB_HOST" "$DB_PORT" "$DB" || exit 1
  t0=$(date +%s.%N)
  java -jar "$JAR" --analytics.dataset.generate="$DATASET" --server.port=0 --spring.datasource.hikari.maximum-pool-size=4 \
    --spring.datasource.url="$JDBC/$DB" --analytics.security.jwt.hmac-secret=$SECRET \
    > "$WORK/generate.log" 2>&1
  rc=$?
  LOAD_SECONDS=$(echo "$(date +%s.%N) - $t0" | bc)
  grep '^dataset ' "$WORK/generate.log" >&2
  if [[ $rc != 0 ]]; then tail -40 "$WORK/generate.log" >&2; echo "generation failed" >&2; exit 1; fi
fi
q() { "${PSQL[@]}" -d "$DB" -c "$1"; }
ACME=$(q "select company_id from companies where name = 'acme'")
TZ_ACME=$(q "select timezone from companies where name = 'acme'")
END=$(q "select end_date from dataset_runs where name = '$DATASET'")
OWNER=$(q "select user_id from company_members where company_id = '$ACME' and role = 'owner' order by user_id limit 1")
LOAD_RUN=$(q "select row_to_json(r) from dataset_runs r where name = '$DATASET'")
day() { date -u -d "$END $1 days" +%F; }
local_midnight() { TZ=$TZ_ACME date -d "$1 00:00" +%s; }
q "create table if not exists bench_users as select (row_number() over (order by user_id) - 1)::int as n, user_id
   from company_members where company_id = '$ACME' and status = 'active';
   create unique index if not exists bench_users_n on bench_users (n); analyze bench_users" >/dev/null
NUSERS=$(q "select count(*) from bench_users")
q "select user_id from bench_users order by n" > "$WORK/users.txt"

# ---------------------------------------------------------------- service (S10: start-up)
# The service runs as it would be deployed for a quick start (docs/operations.md, "Start-up"):
# the jar extracted and a class-data-sharing archive from one training start that stops after
# the context refresh; BENCH_CDS=0 starts the plain jar instead (the default for --smoke, which
# checks for errors, not start-up time: it saves CI the training start).
# BENCH_JAVA_OPTS: extra JVM options, e.g. a JFR recording for a profile (docs/benchmarks.md).
# Redis database BENCH_REDIS_DB (default 1): the run's limiter and cache keys stay apart from a
# service on the same Redis (the demo and the datasets share company ids).
SERVICE_ARGS=(--server.port="$PORT" --spring.datasource.url="$JDBC/$DB"
  --spring.data.redis.database="${BENCH_REDIS_DB:-1}"
  --analytics.db.create-if-missing=false --analytics.security.jwt.hmac-secret=$SECRET
  --spring.datasource.hikari.maximum-pool-size="${BENCH_POOL:-12}"
  --analytics.rate-limit.read.limit=100000000 --analytics.rate-limit.ingest.capacity=100000000
  --analytics.rate-limit.ingest.refill=100000000 --analytics.cache.enabled=false
  --analytics.retention.cron=-)
RUN_JAR=$JAR CDS_OPTS=() CDS=off
if [[ ${BENCH_CDS:-$((1 - SMOKE))} == 1 ]]; then
  log "class-data-sharing archive (one training start)"
  if java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" > "$WORK/cds.log" 2>&1 \
     && java -XX:ArchiveClassesAtExit="$WORK/app.jsa" -Dspring.context.exit=onRefresh \
          -jar "$WORK/app/$(basename "$JAR")" "${SERVICE_ARGS[@]}" >> "$WORK/cds.log" 2>&1 \
     && [[ -s $WORK/app.jsa ]]; then
    RUN_JAR=$WORK/app/$(basename "$JAR") CDS_OPTS=(-XX:SharedArchiveFile="$WORK/app.jsa") CDS=on
  else
    log "no archive (see below); starting the plain jar"; tail -5 "$WORK/cds.log" >&2
  fi
fi
log "starting the service on :$PORT (CDS $CDS)"
t0=$(date +%s.%N)
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} "${CDS_OPTS[@]}" -jar "$RUN_JAR" "${SERVICE_ARGS[@]}" > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
STARTUP=null
for _ in $(seq 1 600); do
  if curl -sf "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
    STARTUP=$(echo "$(date +%s.%N) - $t0" | bc); break
  fi
  kill -0 $SERVICE_PID 2>/dev/null || break
  sleep 0.2
done
if [[ $STARTUP == null ]]; then tail -60 "$WORK/service.log" >&2; echo "service did not become healthy" >&2; exit 1; fi
log "healthy after ${STARTUP}s"

TOKEN=$(java tools/MintToken.java --secret $SECRET --sub "$OWNER" --days 1)
INGEST=$(java tools/MintToken.java --secret $SECRET --sub bench-agent --scope analytics:ingest --company "$ACME" --days 1)

# record id scenario p50 p99 throughput unit baseline_name baseline_p50 ratio target pass [extra-json]
record() {
  jq -cn --arg id "$1" --arg scenario "$2" --argjson p50 "$3" --argjson p99 "$4" --argjson throughput "$5" \
    --arg unit "$6" --arg baseline "$7" --argjson baseline_value "$8" --argjson ratio "$9" --arg target "${10}" \
    --arg result "${11}" --argjson extra "${12:-{\}}" --argjson split "${SPLIT:-{\}}" \
    '{id: $id, scenario: $scenario, p50_ms: $p50, p99_ms: $p99, throughput: $throughput, unit: $unit,
      baseline: $baseline, baseline_value: $baseline_value, ratio: $ratio, target: $target, result: $result}
      + $split + $extra' \
    >> "$ROWS"
  SPLIT='{}'
}
SPLIT='{}'
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "null"; else print a[int((NR+1)/2)]}'; }
# within5 <previous> <current>: whether two throughputs agree within 5 %
within5() { [[ $1 != 0 ]] && [[ $(echo "d = ($2 - $1) / $1; if (d < 0) d = -d; d <= 0.05" | bc -l) == 1 ]]; }
num() { [[ $1 =~ ^-?[0-9.]+$ ]] && echo "$1" || echo null; }
calc() { echo "scale=4; $1" | bc -l | sed 's/^\./0./;s/^-\./-0./'; }
judge() { # judge "<bc condition>" -> pass/fail on large, n/a elsewhere
  if [[ $DATASET != large ]]; then echo "n/a"; elif [[ $(echo "$1" | bc -l) == 1 ]]; then echo pass; else echo FAIL; fi
}

# wrk_run <paths-file> <connections> <seconds> -> WRKJSON line
# WRK_SCRIPT: bench/wrk/post.lua for reads sent as a POST body (lines "<path><TAB><body>").
wrk_run() {
  # wrk needs at least one connection per thread
  WRK_PATHS=$1 wrk -t"$(( $2 < 2 ? $2 : 2 ))" -c"$2" -d"$3"s --timeout 10s -s "${WRK_SCRIPT:-bench/wrk/paths.lua}" \
    -H "Authorization: Bearer $TOKEN" "$BASE" 2>&1 | sed -n 's/^WRKJSON //p'
}

# Is the scenario's endpoint there? 200 → run; 404 without a tenancy code → not built yet (skipped).
probe() {
  local code body
  if [[ $1 == *$'\t'* ]]; then # "<path><TAB><body>": a read sent as a POST
    body=$(curl -s -o "$WORK/probe" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -X POST "$BASE${1%%$'\t'*}" -d "${1#*$'\t'}")
  else
    body=$(curl -s -o "$WORK/probe" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE$1")
  fi
  code=$body
  if [[ $code == 200 ]]; then return 0; fi
  if [[ $code == 404 ]] && ! grep -q 'company_not_found\|user_not_found\|invalid_page' "$WORK/probe"; then
    return 2
  fi
  fail "$BASE$1 answered $code: $(head -c 300 "$WORK/probe")"
  return 1
}

# pgbench_p50 <name> <sql-file> <seconds> <max-transactions> -> p50 ms of one client
pgbench_p50() {
  local prefix=$WORK/pgb-$1
  rm -f "$prefix".*
  if ! pgbench -h "$DB_HOST" -p "$DB_PORT" -U postgres -n -c1 -T "$3" -f "$2" -l --log-prefix="$prefix" "$DB" \
      > "$WORK/pgbench-$1.out" 2>&1; then
    fail "pgbench $1: $(tail -3 "$WORK/pgbench-$1.out")"; echo null; return
  fi
  cat "$prefix".* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {if (NR==0) print "null"; else printf "%.3f\n", a[int((NR+1)/2)]/1000}'
}
# pgbench with a cap on transactions instead of time (for the slow naive queries)
pgbench_p50_t() {
  local prefix=$WORK/pgb-$1
  rm -f "$prefix".*
  if ! timeout 300 pgbench -h "$DB_HOST" -p "$DB_PORT" -U postgres -n -c1 -t "$3" -f "$2" -l --log-prefix="$prefix" "$DB" \
      > "$WORK/pgbench-$1.out" 2>&1; then
    fail "pgbench $1: $(tail -3 "$WORK/pgbench-$1.out")"; echo null; return
  fi
  cat "$prefix".* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {if (NR==0) print "null"; else printf "%.3f\n", a[int((NR+1)/2)]/1000}'
}

RSS_MAX=0
# warm_up <paths-file> <connections> -> "<seconds> <stable:true|false>"
warm_up() {
  local file=$1 conns=$2 t=0 previous=0 rps line
  while (( t < WARMUP_MAX )); do
    line=$(wrk_run "$file" "$conns" "$WINDOW"); t=$((t + WINDOW))
    rps=$(jq '.requests * 1000000 / .duration_us' <<<"$line" 2>/dev/null); rps=${rps:-0}
    if within5 "$previous" "$rps"; then echo "$t true"; return; fi
    previous=$rps
  done
  echo "$t false"
}

# read_scenario id description saturation-connections paths-file: warm, then medians of RUNS runs
# of latency at 1 and 4 connections and throughput at saturation. Sets P50 and P99 (1 connection),
# RPS (saturation) and SPLIT (the whole split, merged into the scenario's record).
read_scenario() {
  local id=$1 desc=$2 conns=$3 file=$4 line run c warm sampler=
  probe "$(head -n1 "$file")"; local p=$?
  if [[ $p == 2 ]]; then
    log "$id: endpoint not found (not built yet?), skipped"
    record "$id" "$desc" null null null "req/s" "" null null "" "missing"; return 1
  elif [[ $p != 0 ]]; then
    record "$id" "$desc" null null null "req/s" "" null null "" "ERROR"; return 1
  fi
  warm=$(warm_up "$file" "$conns")
  log "$id: warm after ${warm% *} s (stable: ${warm#* })"
  if [[ $id == S2 ]]; then
    ( while kill -0 $SERVICE_PID 2>/dev/null; do awk '/VmRSS/ {print $2}' /proc/$SERVICE_PID/status; sleep 0.5; done ) \
      > "$WORK/rss.txt" 2>/dev/null &
    sampler=$!
  fi
  : > "$WORK/$id.runs"
  for run in $(seq 1 "$RUNS"); do
    for c in 1 4 "$conns"; do
      line=$(wrk_run "$file" "$c" "$DURATION")
      if [[ -z $line ]]; then fail "$id: wrk produced no result at $c connections"; continue; fi
      if [[ $(jq .non_2xx <<<"$line") != 0 || $(jq .socket_errors <<<"$line") != 0 ]]; then
        fail "$id: $(jq .non_2xx <<<"$line") non-2xx answers, $(jq .socket_errors <<<"$line") socket errors at $c connections"
      fi
      jq -c --argjson c "$c" --argjson run "$run" \
        '{run: $run, c: $c, p50: (.p50_us / 1000), p99: (.p99_us / 1000), rps: ((.requests * 1000000 / .duration_us) * 10 | round / 10)}' \
        <<<"$line" >> "$WORK/$id.runs"
    done
  done
  if [[ -n $sampler ]]; then kill "$sampler" 2>/dev/null; RSS_MAX=$(sort -n "$WORK/rss.txt" | tail -n1); fi
  at() { jq -r --argjson c "$1" "select(.c == \$c) | .$2" "$WORK/$id.runs" | median; }
  P50=$(num "$(at 1 p50)"); P99=$(num "$(at 1 p99)"); RPS=$(num "$(at "$conns" rps)")
  if [[ $P50 == null ]]; then fail "$id: no measurement"; return 1; fi
  SPLIT=$(jq -cn --argjson warm "${warm% *}" --argjson stable "${warm#* }" --argjson runs "$RUNS" \
    --argjson c "$conns" --argjson p50_4 "$(num "$(at 4 p50)")" --argjson p99_4 "$(num "$(at 4 p99)")" \
    --argjson p50_s "$(num "$(at "$conns" p50)")" --argjson p99_s "$(num "$(at "$conns" p99)")" \
    --argjson rps1 "$(num "$(at 1 rps)")" \
    '{warmup_s: $warm, warm_stable: $stable, runs: $runs, saturation_connections: $c,
      p50_ms_4: $p50_4, p99_ms_4: $p99_4, p50_ms_saturated: $p50_s, p99_ms_saturated: $p99_s,
      throughput_1: $rps1}')
  return 0
}

API=/api/v2/companies/$ACME
FROM90=$(day -89); FROM180=$(day -179); FROM30=$(day -29)
T30=$(local_midnight "$FROM30"); TEND=$(local_midnight "$(day 1)")
RANGE_90="generated_at >= (date '$FROM90')::timestamp at time zone '$TZ_ACME' and generated_at < (date '$END' + 1)::timestamp at time zone '$TZ_ACME'"
RANGE_180="generated_at >= (date '$FROM180')::timestamp at time zone '$TZ_ACME' and generated_at < (date '$END' + 1)::timestamp at time zone '$TZ_ACME'"
PICK="(select user_id from bench_users where n = :n)"

# ---------------------------------------------------------------- S2 … S8
if want S2; then
  awk -v api="$API" -v f="$FROM90" -v e="$END" \
    '{print api "/users/" $1 "/activity?start_date=" f "&end_date=" e "&granularity=daily&metric=activity-count"}' \
    "$WORK/users.txt" > "$WORK/s2.txt"
  cat > "$WORK/s2-naive.sql" <<SQL
\set n random(0, $((NUSERS - 1)))
select (generated_at at time zone '$TZ_ACME')::date as day, sum(total_activity_count) from heartbeats
where company_id = '$ACME' and user_id = $PICK and $RANGE_90 group by 1 order by 1;
SQL
  cat > "$WORK/s2-own.sql" <<SQL
\set n random(0, $((NUSERS - 1)))
select day, total_activity_count from daily_user_activity
where company_id = '$ACME' and user_id = $PICK and day between '$FROM90' and '$END' order by day;
SQL
  if read_scenario S2 "user activity series, daily, 90 days, random acme member" 16 "$WORK/s2.txt"; then
    NAIVE=$(pgbench_p50 s2-naive "$WORK/s2-naive.sql" 5); OWN=$(pgbench_p50 s2-own "$WORK/s2-own.sql" 5)
    RATIO=$( [[ $NAIVE != null ]] && calc "$P50 / $NAIVE" || echo null)
    record S2 "user activity series, daily, 90 days, random acme member" "$P50" "$P99" "$RPS" "req/s" \
      "naive SQL over raw heartbeats (pgbench p50 ms)" "$NAIVE" "$RATIO" "p50<=1.5 (1 conn) >=2000/s (16) ratio<=0.02 fixed<=1.5" \
      "$(judge "$P50 <= 1.5 && $RPS >= 2000 && ${RATIO/null/1} <= 0.02 && $P50 - ${OWN/null/0} <= 1.5")" \
      "{\"own_sql_p50_ms\": $OWN, \"fixed_cost_ms\": $( [[ $OWN != null ]] && calc "$P50 - $OWN" || echo null)}"
  fi
fi
if want S3; then
  echo "$API/active-users?type=daily&date_from=$FROM180&date_to=$END" > "$WORK/s3.txt"
  cat > "$WORK/s3-naive.sql" <<SQL
select (generated_at at time zone '$TZ_ACME')::date as day, count(distinct user_id) from heartbeats
where company_id = '$ACME' and total_activity_count > 0 and $RANGE_180 group by 1 order by 1;
SQL
  cat > "$WORK/s3-own.sql" <<SQL
select day, active_users from daily_company_activity where company_id = '$ACME' and day between '$FROM180' and '$END' order by day;
SQL
  if read_scenario S3 "active users, daily, 180 days, acme" 16 "$WORK/s3.txt"; then
    NAIVE=$(pgbench_p50_t s3-naive "$WORK/s3-naive.sql" 3); OWN=$(pgbench_p50 s3-own "$WORK/s3-own.sql" 5)
    RATIO=$( [[ $NAIVE != null ]] && calc "$P50 / $NAIVE" || echo null)
    record S3 "active users, daily, 180 days, acme" "$P50" "$P99" "$RPS" "req/s" \
      "naive count(distinct) over raw heartbeats (pgbench p50 ms)" "$NAIVE" "$RATIO" "p50<=5 ratio<=0.002 fixed<=1.5" \
      "$(judge "$P50 <= 5 && ${RATIO/null/1} <= 0.002 && $P50 - ${OWN/null/0} <= 1.5")" \
      "{\"own_sql_p50_ms\": $OWN, \"fixed_cost_ms\": $( [[ $OWN != null ]] && calc "$P50 - $OWN" || echo null)}"
  fi
fi
if want S4; then
  echo "$API/user-metrics/?date_from=$FROM30&date_to=$END&page_size=100&ordering=-last_active" > "$WORK/s4.txt"
  if read_scenario S4 "user-metrics list, page_size=100, -last_active, 30 days, acme" 16 "$WORK/s4.txt"; then
    record S4 "user-metrics list, page_size=100, -last_active, 30 days, acme" "$P50" "$P99" "$RPS" "req/s" \
      "" null null "p50<=15" "$(judge "$P50 <= 15")"
  fi
fi
if want S5; then
  echo "$API/user-metrics/summary/?date_from=$FROM30&date_to=$END" > "$WORK/s5.txt"
  if read_scenario S5 "user-metrics summary, 30 days, acme" 16 "$WORK/s5.txt"; then
    record S5 "user-metrics summary, 30 days, acme" "$P50" "$P99" "$RPS" "req/s" "" null null "p50<=15" "$(judge "$P50 <= 15")"
  fi
fi
if want S6; then
  echo "$API/page-statistics?start_timestamp=$T30&end_timestamp=$TEND&limit=50" > "$WORK/s6.txt"
  cat > "$WORK/s6-naive.sql" <<SQL
select path, count(*) as views, count(distinct user_id) as users, avg(duration_ms) from page_views
where company_id = '$ACME' and viewed_at >= to_timestamp($T30) and viewed_at < to_timestamp($TEND)
group by path order by views desc, path limit 50;
SQL
  # The endpoint's SQL for whole company-local days (the S6 range is whole days): views and
  # durations from daily_page_stats, distinct viewers from the OR of page_day_users' bit strings.
  cat > "$WORK/s6-own.sql" <<SQL
with day_users as (select path, users from page_day_users
                   where company_id = '$ACME' and day between '$FROM30' and '$END'),
     width as (select repeat('0', coalesce(max(length(users)), 0))::varbit as zeros from day_users),
     per_path as (select d.path, bit_or(overlay(w.zeros placing d.users from 1)) as users
                  from day_users d cross join width w group by d.path),
     s as (select path, sum(page_views) as views, sum(duration_sum_ms) as ms, sum(duration_count) as n
           from daily_page_stats where company_id = '$ACME' and day between '$FROM30' and '$END' group by path)
select s.path, s.views, bit_count(p.users), s.ms / nullif(s.n, 0), sum(s.views) over ()
from s left join per_path p using (path) order by s.views desc, s.path limit 50;
SQL
  if read_scenario S6 "page statistics, 30 days, acme, exact distinct users" 16 "$WORK/s6.txt"; then
    NAIVE=$(pgbench_p50 s6-naive "$WORK/s6-naive.sql" 5); OWN=$(pgbench_p50 s6-own "$WORK/s6-own.sql" 5)
    RATIO=$( [[ $NAIVE != null ]] && calc "$P50 / $NAIVE" || echo null)
    record S6 "page statistics, 30 days, acme, exact distinct users" "$P50" "$P99" "$RPS" "req/s" \
      "naive SQL over raw page views (pgbench p50 ms)" "$NAIVE" "$RATIO" "p50<=4 ratio<=0.05 fixed<=1.5" \
      "$(judge "$P50 <= 4 && ${RATIO/null/1} <= 0.05 && $P50 - ${OWN/null/0} <= 1.5")" \
      "{\"own_sql_p50_ms\": $OWN, \"fixed_cost_ms\": $( [[ $OWN != null ]] && calc "$P50 - $OWN" || echo null)}"
  fi
fi
if want S7; then
  echo "$API/user-metrics/export/?date_from=$FROM30&date_to=$END" > "$WORK/s7.txt"
  if read_scenario S7 "CSV export, acme" 4 "$WORK/s7.txt"; then
    record S7 "CSV export, acme (all members)" "$P50" "$P99" "$RPS" "req/s" "" null null "<=500 ms" "$(judge "$P50 <= 500")"
  fi
fi
if want S8; then
  echo "$API/user-status-counts?date_from=$FROM180&date_to=$END" > "$WORK/s8.txt"
  cat > "$WORK/s8-own.sql" <<SQL
select d::date, s.new_status, count(*) from generate_series(date '$FROM180', date '$END', interval '1 day') d
cross join lateral (select distinct on (user_id) user_id, new_status from user_status_changes
                    where company_id = '$ACME' and changed_at < (d::date + 1)::timestamp at time zone '$TZ_ACME'
                    order by user_id, changed_at desc, change_id desc) s
where s.new_status <> 'deleted' group by 1, 2;
SQL
  if read_scenario S8 "status counts, 180 days, acme" 16 "$WORK/s8.txt"; then
    OWN=$(pgbench_p50 s8-own "$WORK/s8-own.sql" 5)
    record S8 "status counts, 180 days, acme" "$P50" "$P99" "$RPS" "req/s" \
      "reference SQL over user_status_changes (pgbench p50 ms)" "$OWN" \
      "$( [[ $OWN != null ]] && calc "$P50 / $OWN" || echo null)" "p50<=10" "$(judge "$P50 <= 10")"
  fi
fi

# ---------------------------------------------------------------- S13 (active users now)
if want S13; then
  # The datasets end yesterday, so first a few batches through the ingest API (rollups kept) with
  # heartbeats spread over the 24 hours before now: the last 30 minutes then hold ~1/48 of them.
  "${INGEST_LOAD[@]}" --company "$ACME" --users "$WORK/users.txt" --batches "${BENCH_NOW_BATCHES:-8}" \
    --size 500 --clients 1 --seed "$(date +%s)" --token "$INGEST" --url "$BASE" \
    --anchor "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > /dev/null || fail "S13: recent heartbeats not ingested"
  echo "$API/active-users/now?window_minutes=5" > "$WORK/s13.txt"
  if read_scenario S13 "active users now, 5-minute window, per minute over 30 minutes, acme" 16 \
      "$WORK/s13.txt"; then
    record S13 "active users now, 5-minute window, per minute over 30 minutes, acme" "$P50" "$P99" \
      "$RPS" "req/s" "" null null "p50<=5" "$(judge "$P50 <= 5")" \
      "{\"recent_heartbeats_30min\": $(q "select count(*) from heartbeats where company_id = '$ACME' and generated_at > now() - interval '30 minutes'")}"
  fi
fi

# ---------------------------------------------------------------- S12 (cohort retention)
if want S12; then
  # 26 weekly cohorts: from the Monday 25 weeks before the week holding END, to END.
  S12_TO=$END
  S12_FROM=$(date -u -d "$END -$(( $(date -u -d "$END" +%u) - 1 + 175 )) days" +%F)
  echo "$API/cohorts/retention?date_from=$S12_FROM&date_to=$S12_TO&period=week&cohort_by=first_active" > "$WORK/s12.txt"
  # The same table the plain way: active days from the raw heartbeats and page views, each
  # member's first active day over the whole history, distinct (member, week) pairs.
  cat > "$WORK/s12-naive.sql" <<SQL
with days as (
    select user_id, (generated_at at time zone '$TZ_ACME')::date as day from heartbeats
    where company_id = '$ACME' and total_activity_count > 0
    union
    select user_id, (viewed_at at time zone '$TZ_ACME')::date from page_views where company_id = '$ACME'
),
firsts as (select user_id, min(day) as first_day from days group by user_id),
weeks as (select distinct user_id, date_trunc('week', day::timestamp)::date as week from days where day >= '$S12_FROM')
select date_trunc('week', f.first_day::timestamp)::date as cohort, w.week, count(*)
from firsts f join weeks w using (user_id)
where f.first_day >= '$S12_FROM' and w.week >= date_trunc('week', f.first_day::timestamp)::date
group by 1, 2 order by 1, 2;
SQL
  if read_scenario S12 "cohort retention, 26 weekly cohorts by first active day, acme" 16 "$WORK/s12.txt"; then
    NAIVE=$(pgbench_p50_t s12-naive "$WORK/s12-naive.sql" 3)
    RATIO=$( [[ $NAIVE != null ]] && calc "$P50 / $NAIVE" || echo null)
    record S12 "cohort retention, 26 weekly cohorts by first active day, acme" "$P50" "$P99" "$RPS" \
      "req/s" "naive SQL over raw heartbeats and page views (pgbench p50 ms)" "$NAIVE" "$RATIO" "p50<=50" \
      "$(judge "$P50 <= 50")"
  fi
fi

if want S11; then
  # POST …/query: active users and activity by department, daily, 30 days (issue 16).
  printf '%s\t%s\n' "$API/query" "{\"metrics\":[\"active_users\",\"activity\"],\"date_range\":[\"$FROM30\",\"$END\"],\"granularity\":\"day\",\"dimensions\":[\"department\"],\"limit\":1000}" \
    > "$WORK/s11.txt"
  # The same answer the naive way: raw heartbeats and page views of the range, distinct members per
  # local day and department.
  cat > "$WORK/s11-naive.sql" <<SQL
select f.day, m.department, count(distinct f.user_id) filter (where f.active), sum(f.activity)
from (select user_id, (generated_at at time zone '$TZ_ACME')::date as day, total_activity_count > 0 as active,
             total_activity_count as activity
      from heartbeats where company_id = '$ACME'
        and generated_at >= (date '$FROM30')::timestamp at time zone '$TZ_ACME'
        and generated_at < (date '$END' + 1)::timestamp at time zone '$TZ_ACME'
      union all
      select user_id, (viewed_at at time zone '$TZ_ACME')::date, true, 0
      from page_views where company_id = '$ACME' and viewed_at >= to_timestamp($T30) and viewed_at < to_timestamp($TEND)) f
left join company_members m on m.company_id = '$ACME' and m.user_id = f.user_id
group by 1, 2 order by 1, 2;
SQL
  if WRK_SCRIPT=bench/wrk/post.lua read_scenario S11 "query: active users and activity by department, daily, 30 days, acme" 16 "$WORK/s11.txt"; then
    NAIVE=$(pgbench_p50_t s11-naive "$WORK/s11-naive.sql" 3)
    RATIO=$( [[ $NAIVE != null ]] && calc "$P50 / $NAIVE" || echo null)
    record S11 "query: active users and activity by department, daily, 30 days, acme" "$P50" "$P99" "$RPS" "req/s" \
      "naive SQL over raw heartbeats and page views (pgbench p50 ms)" "$NAIVE" "$RATIO" "p50<=30 ratio<=0.05" \
      "$(judge "$P50 <= 30 && ${RATIO/null/1} <= 0.05")"
  fi
fi

# ---------------------------------------------------------------- S1, S1r and the \copy baseline
if want S1; then
  BATCHES=${BENCH_BATCHES:-$([[ $DATASET == large ]] && echo 400 || echo 60)}
  SEED=$(date +%s)
  probe_code=$(curl -s -o "$WORK/probe" -w '%{http_code}' -X POST -H "Authorization: Bearer $INGEST" \
    -H 'Content-Type: application/json' "$BASE$API/heartbeats" -d '{"heartbeats":[]}')
  if [[ $probe_code == 404 ]] && ! grep -q company_not_found "$WORK/probe"; then
    log "S1: ingest endpoint not found (not built yet?), skipped"
    record S1 "ingest, batches of 500 new events, 4 clients" null null null "events/s" "" null null "" "missing"
  else
    run_ingest() {
      "${INGEST_LOAD[@]}" --url "$BASE" --company "$ACME" --token "$INGEST" --users "$WORK/users.txt" \
        --batches "$BATCHES" --size 500 --clients 4 --seed "$SEED" --max-seconds 120 --anchor "$ANCHOR"
    }
    ANCHOR=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
    # Warm-up: rounds of 40 new batches (other seeds) until two rounds agree within 5 %.
    t0=$(date +%s); previous=0; round=0; INGEST_STABLE=false
    while (( $(date +%s) - t0 < WARMUP_MAX )); do
      round=$((round + 1))
      rate=$("${INGEST_LOAD[@]}" --company "$ACME" --users "$WORK/users.txt" --batches 40 --size 500 --clients 4 \
        --seed $((SEED + 1000 * round)) --token "$INGEST" --url "$BASE" --anchor "$ANCHOR" --max-seconds 60 \
        | jq '.committed_per_s // 0')
      if within5 "$previous" "${rate:-0}"; then INGEST_STABLE=true; break; fi
      previous=${rate:-0}
    done
    INGEST_WARM=$(( $(date +%s) - t0 )); log "S1: warm after ${INGEST_WARM} s, $round rounds (stable: $INGEST_STABLE)"
    S1=$(run_ingest); log "S1: $S1"
    S1R=$(run_ingest); log "S1r: $S1R"
    "${INGEST_LOAD[@]}" --company "$ACME" --users "$WORK/users.txt" --batches "$BATCHES" --size 500 \
      --seed "$SEED" --anchor "$ANCHOR" --tsv "$WORK/copy.tsv"
    t0=$(date +%s.%N)
    "${PSQL[@]}" -d "$DB" -c "\\copy heartbeats (company_id, generated_at, event_id, user_id, device_id, chrome_activity_count, edge_activity_count, firefox_activity_count, desktop_activity_count, web_accessibility_activity_count) from '$WORK/copy.tsv'" \
      || fail "\\copy baseline failed"
    COPY_RATE=$(calc "$BATCHES * 500 / ($(date +%s.%N) - $t0)")
    # The baseline's rows bypassed the rollups: remove them so a --reuse-db run starts consistent.
    q "delete from heartbeats where company_id = '$ACME' and device_id = 'bench-copy'" > /dev/null
    for which in S1 S1r; do
      line=$([[ $which == S1 ]] && echo "$S1" || echo "$S1R")
      if [[ -z $line ]] || [[ $(jq .errors <<<"$line") != 0 ]]; then
        fail "$which: $(jq -r .last_error <<<"$line" 2>/dev/null)"
      fi
      p50=$(num "$(jq .p50_ms <<<"$line")"); p99=$(num "$(jq .p99_ms <<<"$line")")
      if [[ $which == S1 ]]; then
        rate=$(num "$(jq .committed_per_s <<<"$line")"); ratio=$(calc "$rate / $COPY_RATE")
        record S1 "ingest POST /heartbeats, batches of 500 new events, 4 clients" "$p50" "$p99" "$rate" "events/s" \
          "\\copy of the same number of new rows (rows/s)" "$COPY_RATE" "$ratio" ">=35000/s ratio>=0.3" \
          "$(judge "$rate >= 35000 && $ratio >= 0.3")" \
          "{\"load\": $line, \"warmup_s\": $INGEST_WARM, \"warm_stable\": $INGEST_STABLE}"
      else
        rate=$(num "$(jq .events_per_s <<<"$line")")
        [[ $(jq .accepted <<<"$line") == 0 ]] || fail "S1r: replayed events were accepted again"
        record S1r "the same batches replayed (all duplicates)" "$p50" "$p99" "$rate" "events/s" "" null null \
          ">=100000/s" "$(judge "$rate >= 100000")" "{\"load\": $line}"
      fi
    done
  fi
fi

# ---------------------------------------------------------------- S10
RSS_MIB=$( [[ $RSS_MAX != 0 ]] && calc "$RSS_MAX / 1024" || echo null)
record S10 "start-up to health UP (s); max resident memory under S2 load (MiB)" null null null "" "" null null \
  "<=8 s; <=768 MiB" "$(judge "$STARTUP <= 8 && ${RSS_MIB/null/0} <= 768")" \
  "{\"startup_s\": $STARTUP, \"rss_mib\": $RSS_MIB, \"cds\": \"$CDS\"}"

# ---------------------------------------------------------------- S9 (two instances in one JVM)
if named S9 || { [[ $SCENARIOS == all && $DATASET == large ]]; }; then
  log "S9: limiter overhead (bench harness in the test classpath)"
  ./mvnw -B -ntp -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/cp.txt" > "$WORK/s9-build.log" 2>&1 || fail "S9: build failed"
  S9=$(ANALYTICS_TEST_INFRA=local ANALYTICS_REDIS_CLUSTER_NODES=${BENCH_REDIS_CLUSTER_NODES:-} java -cp "target/classes:target/test-classes:$(cat "$WORK/cp.txt")" \
    io.activity.bench.LimiterOverhead 10000 2>"$WORK/s9.err" | grep -E '^(warm-up|added):' | paste -sd ';' -)
  added99=$(sed -n 's/.*p99 \(-\?[0-9.]*\) ms.*/\1/p' <<<"$S9")
  if [[ -z $added99 ]]; then fail "S9: no result ($(tail -3 "$WORK/s9.err"))"; added99=null; fi
  record S9 "rate limiter alone: added p99 per request (ms)" null "$added99" null "" \
    "the same endpoint with the limiter off" null null "added p99<=1 ms" \
    "$(judge "${added99/null/99} <= 1")" \
    "{\"output\": \"$S9\", \"redis_cluster_nodes\": \"${BENCH_REDIS_CLUSTER_NODES:-}\"}"
fi

# ---------------------------------------------------------------- report
CITUS=$("${PSQL[@]}" -d "$DB" -c "select extversion from pg_extension where extname = 'citus'" 2>/dev/null)
jq -s --arg dataset "$DATASET" --arg at "$STAMP" --arg host "$(hostname)" --argjson nproc "$(nproc)" \
  --arg server "$DB_HOST:$DB_PORT" --arg citus "$CITUS" \
  --arg mem "$(free -g | awk '/Mem:/ {print $2 " GiB"}')" --argjson load_s "$LOAD_SECONDS" \
  --argjson run "${LOAD_RUN:-null}" --argjson errors "$(errors)" --arg duration "$DURATION" \
  '{dataset: $dataset, at: $at, machine: {host: $host, nproc: $nproc, memory: $mem}, seconds_per_scenario: $duration,
    database: {server: $server, citus: (if $citus == "" then null else $citus end)},
    dataset_load_seconds: $load_s, dataset_run: $run, errors: $errors, scenarios: .}' "$ROWS" > "$RESULTS"
{
  # p50 and p99 at 1 connection, throughput at saturation (16), medians of the runs
  printf '%-5s %9s %9s %12s %-9s %12s %9s %-10s %s\n' id p50_ms p99_ms throughput unit baseline ratio result notes
  jq -r '.scenarios[] | [.id, (.p50_ms // "-"), (.p99_ms // "-"), (.throughput // "-"), .unit,
         (.baseline_value // "-"), (.ratio // "-"), .result,
         ([(if .warmup_s != null then "warm \(.warmup_s) s\(if .warm_stable == false then " (not stable)" else "" end)" else empty end),
           (if .p50_ms_4 != null then "p50 at 4: \(.p50_ms_4) ms" else empty end),
           (if .own_sql_p50_ms then "own SQL p50 \(.own_sql_p50_ms) ms, fixed cost \(.fixed_cost_ms) ms" else empty end),
           (if .startup_s then "start-up \(.startup_s) s, RSS \(.rss_mib) MiB" else empty end)] | join("; "))] | @tsv' "$RESULTS" |
    awk -F'\t' '{printf "%-5s %9s %9s %12s %-9s %12s %9s %-10s %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}'
} | tee "$WORK/table.txt"
log "dataset load: ${LOAD_SECONDS}s; results: $RESULTS; errors: $(errors)"
if [[ $(errors) != 0 ]]; then exit 1; fi
if [[ $SMOKE == 0 ]] && grep -q '"result":"FAIL"' <(jq -c '.scenarios[]' "$RESULTS"); then exit 3; fi
exit 0
