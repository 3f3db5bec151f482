#!/usr/bin/env bash
# Fetches <base-url>/v3/api-docs from a running service, normalises it (normalise.mjs: sorted keys,
# no server entry for the host and port it ran on) into openapi.json and regenerates api.d.ts with
# the pinned openapi-typescript. Commit both files afterwards; check.sh (run by .ci/e2e) fails when
# they differ from what the service serves.
#
# Usage: clients/typescript/generate.sh <base-url> [output-dir]
#   e.g. clients/typescript/generate.sh http://localhost:8080
#   output-dir defaults to this folder (check.sh passes a temporary one).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 <base-url> [output-dir]" >&2
  exit 2
fi
base="${1%/}"
out="$(mkdir -p "${2:-${here}}" && cd "${2:-${here}}" && pwd)"

cd "${here}"
npm ci --no-audit --no-fund --loglevel=error >/dev/null

raw="$(mktemp)"
trap 'rm -f "${raw}" "${raw}.json"' EXIT
curl -fsS "${base}/v3/api-docs" -o "${raw}"
node normalise.mjs "${base}" <"${raw}" >"${raw}.json"
mv "${raw}.json" "${out}/openapi.json"

npx --no-install openapi-typescript "${out}/openapi.json" --output "${out}/api.d.ts"
echo "generate.sh: wrote ${out}/openapi.json and ${out}/api.d.ts from ${base}/v3/api-docs"
