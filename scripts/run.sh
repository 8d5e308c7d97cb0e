#!/usr/bin/env bash
# Runs Herald. With HERALD_NATS_URL / HERALD_MONGODB_URI unset it starts its own nats-server and FerretDB, keeping
# their data in .herald/ (or HERALD_DATA_DIR), installing nats-server and building FerretDB the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
source scripts/node-flags.sh
npm run build >/dev/null
# shellcheck disable=SC2086
exec node $HERALD_NODE_FLAGS apps/herald/dist/main.js
