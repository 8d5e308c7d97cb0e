#!/usr/bin/env bash
# The whole test suite on a bare or prepared machine: npm packages, lint, format, build, unit and end-to-end tests.
# nats-server and FerretDB are found or installed by the tests themselves (libs/local-stack), or taken from
# HERALD_NATS_URL / HERALD_MONGODB_URI when those point at external servers.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
bash scripts/ensure-system-packages.sh

npm run lint
npm run format:check
npm run build

mkdir -p .herald
results=.herald/jest-results.json
rm -f "$results"
status=0
# Bounded so that a leaked handle can never hold CI until its own limit.
timeout --kill-after=30 2400 npx jest --ci --json --outputFile="$results" "$@" || status=$?
# One plain closing line, whatever jest printed above it.
if [ -f "$results" ]; then
  node -e 'const r=require(process.argv[1]); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`)' "$PWD/$results"
fi
exit "$status"
