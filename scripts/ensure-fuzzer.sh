#!/usr/bin/env bash
# The OpenAPI contract test's fuzzer (Schemathesis and its dependencies, pinned in scripts/fuzzer-requirements.txt) in
# a project-local venv, .tools/venv (git-ignored). Idempotent: once that exact set is installed it only compares a
# checksum. Prints the path of the `st` executable on stdout; everything else goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=scripts/fuzzer-requirements.txt
venv=.tools/venv
stamp="$venv/.requirements-$(sha256sum "$requirements" | cut -c1-16)"
if [ ! -f "$stamp" ] || [ ! -x "$venv/bin/st" ]; then
  python="$(command -v python3 || true)"
  if [ -z "$python" ]; then
    echo "ensure-fuzzer: python3 (3.10 or later, with venv and pip) is needed for the OpenAPI contract test" >&2
    exit 1
  fi
  echo "ensure-fuzzer: installing Schemathesis into $venv" >&2
  rm -rf "$venv"
  mkdir -p .tools
  "$python" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2
  touch "$stamp"
fi
echo "$PWD/$venv/bin/st"
