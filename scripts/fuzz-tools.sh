#!/usr/bin/env bash
# The contract fuzzer (schemathesis from PyPI) in a virtual environment of its own under .data/venv.
# Safe to run again; prints the path of the schemathesis program.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.data/venv
VERSION=4.32.5
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
    python3 -m venv "$VENV" >&2
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
fi
echo "$PWD/$VENV/bin/schemathesis"
