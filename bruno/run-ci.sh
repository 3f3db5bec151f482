#!/usr/bin/env bash
# Runs the collection in its ci environment against a service started on the demo data for a
# fixed end date, with exact expected figures: bruno/expected/figures.sql computes them with plain
# SQL from the raw demo rows of the service's database (never from a rollup table), and each is
# handed to Bruno as --env-var expect<Name>=<JSON>. The requests marked "demo figures" compare
# the service's answer with them and fail when one is missing.
#
#   bruno/run-ci.sh <base url> <database> [more bru run options]
#
# E2E_DEMO_END_DATE (default 2026-06-30) must be the service's analytics.demo.end-date. psql
# connects to 127.0.0.1:5432 as postgres (PGHOST, PGPORT, PGUSER override).
set -euo pipefail
cd "$(dirname "$0")"

base=${1:?base url, e.g. http://127.0.0.1:18090}
database=${2:?database of the service}
shift 2
end=${E2E_DEMO_END_DATE:-2026-06-30}

# The demo ids, from the environment the collection itself uses.
env_var() { sed -n "s/^  $1: //p" environments/ci.bru; }

figures=$(PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} psql -X -q -At -F '|' -v ON_ERROR_STOP=1 \
  -v company="$(env_var companyId)" -v member="$(env_var memberId)" -v device="$(env_var deviceId)" \
  -v end="${end}" -f expected/figures.sql "${database}")
args=(--env ci --env-var "baseUrl=${base}" --env-var "demoEndDate=${end}")
count=0
while IFS='|' read -r name json; do
  args+=(--env-var "${name}=${json}")
  count=$((count + 1))
done <<<"${figures}"
echo "run-ci: ${count} expected figures computed from the raw demo rows of ${database}"
npx bru run "${args[@]}" "$@"
