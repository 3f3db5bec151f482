#!/usr/bin/env bash
# Where a load's CPU goes on this machine: runs a command (a load generator) and prints the CPU
# seconds used meanwhile by the service, by all of PostgreSQL's processes, and by the command
# itself, from /proc (user + system time). Independent of the load generator's own timing, so it
# checks a throughput figure against the cores the machine has (docs/benchmarks.md, "Where the
# misses' time goes").
#
#   bench/cpu-split.sh <service-pid> <command> [args...]
#
# Example (a service started by hand on bench_large, bench/IngestLoad.java as S1 runs it):
#   bench/cpu-split.sh "$(pgrep -f -- --server.port=18090)" \
#     java -XX:TieredStopAtLevel=1 bench/IngestLoad.java --url http://127.0.0.1:18090 ...
set -euo pipefail
SERVICE=${1:?usage: bench/cpu-split.sh <service-pid> <command> [args...]}
shift
TICK=$(getconf CLK_TCK)

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() {
  local sum=0 pid
  for pid in $(pgrep -u postgres || true); do sum=$((sum + $(ticks "$pid"))); done
  echo "$sum"
}
seconds() { awk -v t="$1" -v hz="$TICK" 'BEGIN { printf "%.2f", t / hz }'; }

s0=$(ticks "$SERVICE"); p0=$(postgres_ticks); t0=$(date +%s.%N)
"$@"
t1=$(date +%s.%N); s1=$(ticks "$SERVICE"); p1=$(postgres_ticks)
# The command's CPU: this shell's waited-for children (fields 16 and 17 of its own stat).
c=$(awk '{print $16 + $17}' /proc/$$/stat)
printf 'wall %.2f s; service %s s; postgres %s s; command %s s (CPU seconds, %s cores)\n' \
  "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$(seconds $((s1 - s0)))" \
  "$(seconds $((p1 - p0)))" "$(seconds "$c")" "$(nproc)"
