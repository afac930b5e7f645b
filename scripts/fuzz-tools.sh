#!/usr/bin/env bash
# The Python tools of the end-to-end checks, from PyPI, in a virtual environment of its own under
# .data/venv: the contract fuzzer (schemathesis), a real SMTP server for the accounts check
# (aiosmtpd), a DevTools client to drive headless Chromium (websocket-client), an iCalendar parser to
# read the events' calendar feeds as calendar programs do (icalendar), and two independent checkers of
# the Open Badges 3.0 credentials: jwcrypto (plain JOSE) and openbadgeslib (its OB 3.0 verifier), with
# pyld for a JSON-LD look at them; and openapi-spec-validator for the served OpenAPI document.
# Safe to run again, and from two processes at once; prints the path of the schemathesis program.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.data/venv
# One at a time: make test runs the end-to-end scripts side by side, and two installing into one
# virtual environment at once would meet.
mkdir -p .data
exec 9>.data/venv.lock
flock 9
VERSION=4.32.5
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" >&2
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
fi
if ! "$VENV/bin/python" -c "import aiosmtpd, websocket" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "aiosmtpd==1.4.6" "websocket-client==1.9.2" >&2
fi
if ! "$VENV/bin/python" -c "import jwcrypto, openbadgeslib, pyld" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "jwcrypto==1.6.1" "openbadgeslib==4.6.3" "pyld==3.3.0" >&2
fi
if ! "$VENV/bin/python" -c "import icalendar" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "icalendar==7.3.0" >&2
fi
# The OpenAPI document's own check (foundation_e2e): from the virtualenv too, not the system's Python,
# which Debian keeps for its packages (PEP 668) and an ordinary user cannot install into.
if ! "$VENV/bin/python" -c "import openapi_spec_validator" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "openapi-spec-validator==0.7.2" >&2
fi
echo "$PWD/$VENV/bin/schemathesis"
