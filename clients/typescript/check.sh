#!/usr/bin/env bash
# Fails when the committed openapi.json or api.d.ts differ from what the running service serves:
# runs generate.sh into a temporary folder and compares. Called by .ci/e2e.
#
# Usage: clients/typescript/check.sh <base-url>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ $# -ne 1 ]; then
  echo "usage: $0 <base-url>" >&2
  exit 2
fi
base="${1%/}"

tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
"${here}/generate.sh" "${base}" "${tmp}" >/dev/null

# The generated types must compile on their own.
(cd "${here}" && npx --no-install tsc --noEmit --strict "${tmp}/api.d.ts")

status=0
for f in openapi.json api.d.ts; do
  if ! diff -u --label "committed clients/typescript/${f}" --label "served by ${base}" \
      "${here}/${f}" "${tmp}/${f}"; then
    status=1
  fi
done
if [ "${status}" -ne 0 ]; then
  echo "check.sh: the TypeScript types are out of date with the service's OpenAPI document." >&2
  echo "check.sh: run clients/typescript/generate.sh <base-url> against the service and commit openapi.json and api.d.ts." >&2
  exit 1
fi
echo "check.sh: clients/typescript/openapi.json and api.d.ts match ${base}/v3/api-docs"
