#!/usr/bin/env bash
# `make test`: every Swift test suite, then the end-to-end checks, against the private PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/dev-db.sh env)"

# Databases left by earlier runs, and the migrated template the Swift tests copy theirs from (built
# again once per run: see Tests/Support/TestDatabase.swift).
drop_test_databases() {
    psql "$HROMADA_TEST_DATABASE_URL" -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'hromada\_t\_%' OR datname LIKE 'hromada\_tpl\_%' OR datname LIKE 'hromada\_e2e\_%'" \
        | while read -r db; do [ -n "$db" ] && psql "$HROMADA_TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null; done
}
drop_test_databases

status=0
# `make test` has built the tests just before (its build-tests step): without --skip-build, swift test
# plans and checks the whole build again, some 20 s of CPU in a fresh clone for nothing.
swift test --skip-build 2>&1 | tee .data/swift-test.log | grep -vE '^\[[0-9]+/[0-9]+\] |^Building for|^Build complete'
[ "${PIPESTATUS[0]}" = 0 ] || status=1
# And the Swift suites' databases (a couple of gigabytes), then a checkpoint and a sync, so that the
# end-to-end scripts do not start while the disk is still writing back what the drop freed (in a run
# that began at once two client requests waited 30 s, with a load average of 7 on two cores: this was
# the likeliest cause, not a proven one).
drop_test_databases
psql "$HROMADA_TEST_DATABASE_URL" -qc "CHECKPOINT" >/dev/null || status=1
sync

# The end-to-end scripts, HROMADA_E2E_JOBS at a time (default: twice the number of cores). Each has its
# own database, port, temporary folders and tmux servers, so they do not meet; most of their time is
# spent waiting on a server, a timer or a terminal (two lanes kept two cores 40 % busy), so four lanes
# on two cores took 134 s where two took 222 s. The two that stop PostgreSQL on purpose (an outage the
# server must ride out) get a cluster of their own (HROMADA_DEV_DB_DIR, made and removed around them)
# and so run beside the others instead of alone at the end. The worlds on the shared cluster copy one
# template database made here (HROMADA_E2E_TEMPLATE: migrated, with the codifier and courses/). Each
# script's output goes to .data/e2e/NAME.log and is printed whole when it ends (one at a time), with
# its verdict and how long it took; the longest are started first.
e2e_scripts=(
    faults_e2e learner_day_e2e contract_fuzz accounts_e2e security_html_e2e security_transport_e2e foundation_e2e
    learn_cli_e2e certificates_cli_e2e backup_e2e quiz_cli_e2e events_e2e development_e2e programmes_e2e badges_e2e
    events_two_servers_e2e acceptance_e2e security_e2e offline_root_e2e private_home_e2e
)
export E2E_OWN_CLUSTER="faults_e2e foundation_e2e"
missing=$(comm -13 <(printf '%s\n' "${e2e_scripts[@]}" | sort) <(ls Tests/e2e/*_e2e.py Tests/e2e/contract_fuzz.py | xargs -n1 basename | sed 's/\.py$//' | sort))
if [ -n "$missing" ]; then echo "scripts/test.sh does not run: $missing" >&2; status=1; fi
mkdir -p .data/e2e && rm -f .data/e2e/*.server.log
bash scripts/fuzz-tools.sh >/dev/null || status=1
export HROMADA_E2E_TEMPLATE="hromada_e2e_template_$$"
python3 Tests/e2e/e2e_support.py template "$HROMADA_E2E_TEMPLATE" || status=1
run_e2e() {
    local name=$1 start=$SECONDS verdict=passed
    : >".data/e2e/$name.log"
    if [[ " $E2E_OWN_CLUSTER " == *" $name "* ]]; then
        export HROMADA_DEV_DB_DIR="$PWD/.data/outage-$name"
        unset HROMADA_E2E_TEMPLATE
        bash scripts/dev-db.sh destroy >/dev/null 2>&1
        if bash scripts/dev-db.sh start >>".data/e2e/$name.log" 2>&1; then
            eval "$(bash scripts/dev-db.sh env)"
        else
            verdict=FAILED
        fi
    fi
    if [ $verdict = passed ]; then
        python3 "Tests/e2e/$name.py" >>".data/e2e/$name.log" 2>&1 || verdict=FAILED
    fi
    [ -n "${HROMADA_DEV_DB_DIR:-}" ] && bash scripts/dev-db.sh destroy >/dev/null 2>&1
    {
        flock 9
        echo "== $name: $verdict in $((SECONDS - start)) s"
        cat ".data/e2e/$name.log"
    } 9>.data/e2e/.print-lock
    [ $verdict = passed ]
}
export -f run_e2e
e2e_start=$SECONDS
jobs=${HROMADA_E2E_JOBS:-$(( $(nproc) * 2 ))}
printf '%s\n' "${e2e_scripts[@]}" | xargs -P "$jobs" -I{} bash -c 'run_e2e "$1"' _ {} || status=1
psql "$HROMADA_TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $HROMADA_E2E_TEMPLATE" >/dev/null || status=1
echo "== end-to-end scripts: $((SECONDS - e2e_start)) s, $jobs at a time"
exit $status
