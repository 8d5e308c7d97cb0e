#!/usr/bin/env bash
# Debian packages that the end-to-end tests drive as real programs: Chromium (the console's browser test), skopeo
# and docker-registry (the real-registry source test). Installed with apt when missing and when running as root, as
# CI does; elsewhere it names what to install and carries on, so the tests that need them say so themselves.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v skopeo >/dev/null 2>&1 || needed+=(skopeo)
command -v docker-registry >/dev/null 2>&1 || needed+=(docker-registry)
[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-packages: missing ${needed[*]}; install them (Debian: apt-get install ${needed[*]})" >&2
  exit 0
fi
echo "ensure-system-packages: installing ${needed[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# The package lists may be stale or absent on a bare machine: refresh them once if the first try fails.
if ! apt-get install -y -q --no-install-recommends "${needed[@]}" >&2; then
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${needed[@]}" >&2
fi
