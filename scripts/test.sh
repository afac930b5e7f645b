#!/usr/bin/env bash
# `make test`: every Swift test suite, then the end-to-end checks, against the private PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/dev-db.sh env)"

# Databases left by earlier runs, and the migrated template the Swift tests copy theirs from (built
# again once per run: see Tests/Support/TestDatabase.swift).
psql "$HROMADA_TEST_DATABASE_URL" -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'hromada\_t\_%' OR datname LIKE 'hromada\_tpl\_%' OR datname LIKE 'hromada\_e2e\_%'" \
    | while read -r db; do [ -n "$db" ] && psql "$HROMADA_TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null; done

status=0
swift test 2>&1 | tee .data/swift-test.log | grep -vE '^\[[0-9]+/[0-9]+\] |^Building for|^Build complete'
[ "${PIPESTATUS[0]}" = 0 ] || status=1

python3 Tests/e2e/foundation_e2e.py || status=1
python3 Tests/e2e/quiz_cli_e2e.py || status=1
python3 Tests/e2e/certificates_cli_e2e.py || status=1
python3 Tests/e2e/offline_root_e2e.py || status=1
python3 Tests/e2e/learn_cli_e2e.py || status=1
python3 Tests/e2e/security_html_e2e.py || status=1
python3 Tests/e2e/learner_day_e2e.py || status=1
python3 Tests/e2e/faults_e2e.py || status=1
python3 Tests/e2e/accounts_e2e.py || status=1
python3 Tests/e2e/development_e2e.py || status=1
python3 Tests/e2e/backup_e2e.py || status=1
python3 Tests/e2e/private_home_e2e.py || status=1
python3 Tests/e2e/security_e2e.py || status=1
python3 Tests/e2e/acceptance_e2e.py || status=1
python3 Tests/e2e/contract_fuzz.py || status=1
python3 Tests/e2e/security_transport_e2e.py || status=1
exit $status
