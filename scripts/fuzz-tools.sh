#!/usr/bin/env bash
# The Python tools of the end-to-end checks, from PyPI, in a virtual environment of its own under
# .data/venv: the contract fuzzer (schemathesis), a real SMTP server for the accounts check
# (aiosmtpd), a DevTools client to drive headless Chromium (websocket-client) and an iCalendar parser to
# read the events' calendar feeds as calendar programs do (icalendar).
# Safe to run again; prints the path of the schemathesis program.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.data/venv
VERSION=4.32.5
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" >&2
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
fi
if ! "$VENV/bin/python" -c "import aiosmtpd, websocket" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "aiosmtpd==1.4.6" "websocket-client==1.9.2" >&2
fi
if ! "$VENV/bin/python" -c "import icalendar" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "icalendar==7.3.0" >&2
fi
echo "$PWD/$VENV/bin/schemathesis"
