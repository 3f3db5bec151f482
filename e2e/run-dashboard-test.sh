#!/usr/bin/env bash
# Browser test of the built-in dashboard against a RUNNING service on demo data.
#
#   e2e/run-dashboard-test.sh http://127.0.0.1:8080
#   E2E_TOKEN=<admin member's bearer token> E2E_COMPANY=<company uuid> e2e/run-dashboard-test.sh http://127.0.0.1:8080
#
# Without E2E_TOKEN and E2E_COMPANY it signs in as the demo admin of `globex` (e2e/demo-token.mjs,
# with $ANALYTICS_JWT_SECRET or the public demo secret): the service must run the demo profile.
# (globex rather than acme: its read budget is not shared with the Bruno collection's requests.)
#
# Uses Debian's Chromium (/usr/bin/chromium, installed with apt-get when missing and run as root)
# driven by playwright-core, which downloads no browser. Screenshots go to target/dashboard*.png.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

base="${1:-${E2E_BASE_URL:-}}"
if [ -z "$base" ]; then
  echo "usage: [E2E_TOKEN=... E2E_COMPANY=...] $0 BASE_URL" >&2
  exit 2
fi
if [ -z "${E2E_TOKEN:-}" ] || [ -z "${E2E_COMPANY:-}" ]; then
  read -r E2E_TOKEN E2E_COMPANY < <(node "$here/demo-token.mjs" globex 1)
  echo "e2e: signing in as the demo admin of globex (company $E2E_COMPANY)"
fi
export E2E_TOKEN E2E_COMPANY

chromium="${E2E_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "e2e: installing Debian's chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "e2e: $chromium is missing: apt-get install -y chromium" >&2
    exit 2
  fi
fi

# npm ci only when node_modules does not hold the pinned playwright-core.
cd "$here"
if ! node -e '
  const want = require("./package.json").devDependencies["playwright-core"];
  const have = require("./node_modules/playwright-core/package.json").version;
  process.exit(want === have ? 0 : 1);' 2>/dev/null; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

cd "$root"
mkdir -p target
E2E_BASE_URL="$base" E2E_CHROMIUM="$chromium" E2E_ARTIFACTS="$root/target" node --test e2e/dashboard.test.mjs
