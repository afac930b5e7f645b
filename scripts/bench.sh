#!/usr/bin/env bash
# `make bench`: measurements, not tests. Needs the dev PostgreSQL running (make db).
#   1. pack validation/import and the completions report, straight against storage (hromada-bench);
#   2. the attempt burst over HTTP against the release server (hromada-bench attempts): 1,000 learners
#      start a 20-question quiz within one second, save 20 answers each and submit; once at 1–5 s per
#      answer, once with no pause (the machine's ceiling).
# Each uses a database of its own, dropped and created anew. Extra arguments go to the attempt burst
# (e.g. scripts/bench.sh --db-pool 20; see `hromada-bench attempts --help`).
#   3. reads and answer saves over HTTP (wrk, bench/reads.lua) on 50,000 learners, against the same SQL
#      from pgbench (bench/*.sql): as fast as answered, then at the goals' rates.
#   4. certificates: signing a cohort of 10,000 certificates, then verifying them over HTTP, against
#      `openssl speed ecdsap256`.
#   5. the development record at national scale (bench/development-data.sql): the association's
#      reports over HTTP against the same SQL from psql, and a person's own year at 256 connections.
# HROMADA_BENCH_ONLY=packs|attempts|reads|certificates|development runs one of them. HROMADA_BENCH_SERVER=path serves
# the reads and verifications from another build of hromada-server (a release build of an earlier
# commit, to compare two commits on the same machine within minutes of each other). Everything printed
# also goes to bench/last-run.txt, and the table of figures (each against its ceiling) to bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/dev-db.sh env)"
export HROMADA_MIGRATIONS_DIR="${HROMADA_MIGRATIONS_DIR:-$PWD/migrations}"

swift build -c release --product hromada-bench
swift build -c release --product hromada-server

# A fresh database named $1; prints its URL.
fresh_db() {
    psql "$HROMADA_TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
    psql "$HROMADA_TEST_DATABASE_URL" -qc "CREATE DATABASE $1" >/dev/null
    echo "${HROMADA_TEST_DATABASE_URL/\/\/\/postgres\?/\/\/\/$1?}"
}

only="${HROMADA_BENCH_ONLY:-}"
server_bin="${HROMADA_BENCH_SERVER:-.build/release/hromada-server}"
mkdir -p bench
# PostgreSQL logs every statement that takes over 250 ms while the bench runs; those of this run are
# listed at the end (a slow flush of the write-ahead log to disk shows there as slow COMMITs, and is
# felt by every write at that moment). The setting is reset on exit.
pglog=$(bash scripts/dev-db.sh log)
pglog_start=$(stat -c %s "$pglog" 2>/dev/null || echo 0)
psql "$HROMADA_TEST_DATABASE_URL" -qc "ALTER SYSTEM SET log_min_duration_statement = 250" -c "SELECT pg_reload_conf()" >/dev/null
reset_pglog() { psql "$HROMADA_TEST_DATABASE_URL" -qc "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true; }
# Whether the tree differs from the commit, asked before this run starts writing its own output files.
state="commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- . ':!bench/last-run.txt' ':!bench/results.md' 2>/dev/null || echo ' + uncommitted changes')${HROMADA_BENCH_SERVER:+, server $HROMADA_BENCH_SERVER}"
exec > >(tee bench/last-run.txt) 2>&1
echo "$state, $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB"
if [ -z "$only" ] || [ "$only" = packs ]; then
    echo "== course packs and the completions report (storage, no HTTP) =="
    HROMADA_BENCH_DATABASE_URL=$(fresh_db hromada_bench) .build/release/hromada-bench packs
fi
if [ -z "$only" ] || [ "$only" = attempts ]; then
    # The exam as people take it: 1,000 starts within one second, then 1–5 s per answer (far faster
    # than anyone reads a question), so saves and submits spread as they would.
    echo "== attempt burst over HTTP against the release server: 1-5 s per answer =="
    HROMADA_BENCH_DATABASE_URL=$(fresh_db hromada_bench_attempts) \
        .build/release/hromada-bench attempts --server .build/release/hromada-server --think-ms 1000-5000 "$@"
    # The ceiling: the same burst with no pause at all, every learner keeping a request in flight.
    echo "== attempt burst over HTTP against the release server: no pause between requests =="
    HROMADA_BENCH_DATABASE_URL=$(fresh_db hromada_bench_attempts) \
        .build/release/hromada-bench attempts --server .build/release/hromada-server --think-ms 0 "$@"
fi
# A release server on database $1 in the background: sets $server (its pid) and $base; waits until ready.
start_server() {
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    base="http://127.0.0.1:$port"
    # The verification rate is counted as in production (one upsert per public check) but set far
    # above what one load generator on one address sends, so the figures include its cost.
    HROMADA_DATABASE_URL=$1 HROMADA_LOG_LEVEL=warning HROMADA_VERIFY_RATE="${HROMADA_VERIFY_RATE:-1000000000/1m}" \
        "$server_bin" serve --listen "127.0.0.1:$port" --keys-dir "$work/keys-$port" >"$work/server-$port.log" 2>&1 &
    server=$!
    for _ in $(seq 150); do
        curl -sf "$base/readyz" >/dev/null && return 0
        kill -0 "$server" 2>/dev/null || break
        sleep 0.2
    done
    echo "the server did not get ready:"; tail -20 "$work/server-$port.log"; return 1
}
stop_server() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"; reset_pglog' EXIT

# CPU time in clock ticks: of the given processes (user + system, with that of their children that
# have exited: a backend that ends is counted in PostgreSQL's postmaster), and of the whole machine
# ("busy total" over all cores, from /proc/stat).
hz=$(getconf CLK_TCK)
process_ticks() {
    local p files=()
    for p in "$@"; do files+=("/proc/$p/stat"); done
    # cat goes on past a process that has just ended.
    { [ ${#files[@]} -gt 0 ] && cat "${files[@]}" 2>/dev/null; } | awk '{s += $14 + $15 + $16 + $17} END {print s + 0}' || true
}
postgres_ticks() { process_ticks $(ps -C postgres -o pid= 2>/dev/null); }
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

# One wrk phase of 15 s over 256 connections (bench/reads.lua): PHASE RATE FILE, RATE 0 = no pause.
# Prints wrk's RESULT line with appended: the server's peak RSS so far (VmHWM, MiB), the CPU the
# server and PostgreSQL (all its processes) spent per request (µs), and how busy the machine's cores
# were over the phase (%; the rest of the busy time is mostly wrk itself).
load() {
    local line s0 p0 b0 t0 s1 p1 b1 t1 n
    s0=$(process_ticks "$server"); p0=$(postgres_ticks); read -r b0 t0 < <(machine_ticks)
    # As fast as answered, two wrk threads; at a set rate, one: its single schedule offers exactly that
    # rate (two threads, each catching up on its own, offered 2 % more than asked) and it takes less
    # of the two cores that the server and PostgreSQL share with it.
    local threads=2
    [ "$2" = 0 ] || threads=1
    line=$(wrk -t$threads -c256 -d15s --timeout 10s -s bench/reads.lua "$base" -- "$1" "$2" $threads "$3" | grep '^RESULT|')
    s1=$(process_ticks "$server"); p1=$(postgres_ticks); read -r b1 t1 < <(machine_ticks)
    n=$(echo "$line" | cut -d'|' -f8)
    [ "${n:-0}" -gt 0 ] || n=1
    echo "$line|$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$server/status")|$(( (s1 - s0) * 1000000 / hz / n ))|$(( (p1 - p0) * 1000000 / hz / n ))|$(( (b1 - b0) * 100 / (t1 - t0) ))"
}

if [ -z "$only" ] || [ "$only" = reads ]; then
    echo "== reads and answer saves over HTTP: 50,000 learners, 256 connections, against the same SQL from pgbench =="
    reads_db=$(fresh_db hromada_bench_reads)
    HROMADA_BENCH_DATABASE_URL=$reads_db .build/release/hromada-bench reads --server .build/release/hromada-server
    psql "$reads_db" -tAF' ' -c "SELECT token, enrolment, lesson FROM bench_reads ORDER BY n" >"$work/readers.txt"
    psql "$reads_db" -tAF' ' -c "SELECT token, enrolment, lesson, attempt, question, answer FROM bench_reads WHERE attempt IS NOT NULL ORDER BY n" >"$work/savers.txt"
    learners=$(wc -l <"$work/readers.txt")
    savers=$(wc -l <"$work/savers.txt")
    # The ceilings first, with nothing else running: the statements the server sends, straight from
    # pgbench (prepared, pipelined where the server pipelines them), 16 clients, 15 s each.
    # Also the CPU PostgreSQL spends per transaction there, and how busy the cores were.
    declare -A ceiling
    for script in catalogue lesson-read answer-save; do
        p0=$(postgres_ticks); read -r b0 t0 < <(machine_ticks)
        out=$(pgbench -n -M prepared -c 16 -j 2 -T 15 -D learners="$learners" -D savers="$savers" -f "bench/$script.sql" "$reads_db" 2>/dev/null)
        p1=$(postgres_ticks); read -r b1 t1 < <(machine_ticks)
        ceiling[$script]=$(echo "$out" | awk '/^tps/ {printf "%.0f", $3}')
        transactions=$(echo "$out" | awk '/actually processed/ {split($NF, n, "/"); print n[1]}')
        echo "CEILING|$script|${ceiling[$script]}|$(( (p1 - p0) * 1000000 / hz / ${transactions:-1} ))|$(( (b1 - b0) * 100 / (t1 - t0) ))"
        echo "pgbench ceiling for $script (the same SQL, prepared, 16 clients, 15 s): ${ceiling[$script]} per second"
    done
    start_server "$reads_db"
    echo "load: wrk, 256 keep-alive connections, 15 s per phase (2 threads with no pause, 1 at a set rate); server $server_bin, $(nproc) cores"
    echo "RESULT fields: phase | offered req/s (0: no pause) | req/s | p50 ms | p99 ms | errors | requests | server peak RSS MiB | server CPU µs/request | PostgreSQL CPU µs/request | cores busy %"
    # As fast as each connection gets answers: the throughput against the ceiling.
    load catalogue 0 "$work/readers.txt"
    load lesson 0 "$work/readers.txt"
    load save 0 "$work/savers.txt"
    # At the goals' rates (half the lesson ceiling for reads, 40 % of the save ceiling for saves), the
    # load spread evenly: the latency people see at that rate.
    load catalogue $((ceiling[lesson-read] / 2)) "$work/readers.txt"
    # The lessons' p99 at that rate moves from run to run with what else the two cores do (eleven runs
    # by hand on a slower day: 13 to 82 ms), so three runs, each judged on its own.
    for _ in 1 2 3; do load lesson $((ceiling[lesson-read] / 2)) "$work/readers.txt"; done
    load save $((ceiling[answer-save] * 2 / 5)) "$work/savers.txt"
    stop_server
fi
if [ -z "$only" ] || [ "$only" = certificates ]; then
    echo "== certificates: a cohort of 10,000 completions signed, then verified over HTTP =="
    certificates_db=$(fresh_db hromada_bench_certificates)
    HROMADA_BENCH_DATABASE_URL=$certificates_db .build/release/hromada-bench certificates
    echo "openssl speed ecdsap256, one process:      $(openssl speed -seconds 2 ecdsap256 2>/dev/null | awk '/nistp256/ {print $(NF-1) " sign/s, " $NF " verify/s"}')"
    echo "openssl speed ecdsap256, -multi $(nproc):         $(openssl speed -seconds 2 -multi "$(nproc)" ecdsap256 2>/dev/null | awk '/nistp256/ {print $(NF-1) " sign/s, " $NF " verify/s"}' | tail -1)"
    # Verification as anyone checks a certificate online: POST /api/v1/certificates/verify with the
    # document and its CMS signature (the chain to the root and the CRL checked each time).
    psql "$certificates_db" -tAF' ' -c "SELECT translate(encode(document, 'base64'), E'\\n', ''), translate(encode(signature, 'base64'), E'\\n', '')
        FROM certificates WHERE status = 'issued' ORDER BY serial LIMIT 2000" >"$work/certificates.txt"
    start_server "$certificates_db"
    echo "RESULT fields: phase | offered req/s (0: no pause) | req/s | p50 ms | p99 ms | errors | requests | server peak RSS MiB | server CPU µs/request | PostgreSQL CPU µs/request | cores busy %"
    load verify 0 "$work/certificates.txt"
    stop_server
fi

if [ -z "$only" ] || [ "$only" = development ]; then
    # Issue 22's national data set (bench/development-data.sql): 150,000 officials and 40,000 deputies
    # over every hromada of the codifier, five years of ledger. Each report over HTTP (median of five,
    # after one to warm up) beside the same statement from psql: the server's own statement, read back
    # from PostgreSQL's log with its parameters written in (scripts/pg-statements.py), run as the server
    # runs it (jit off, as its connections are).
    echo "== the development record at national scale: reports over HTTP against the same SQL from psql =="
    year=$(TZ=Europe/Kyiv date +%Y)
    dev_db=$(fresh_db hromada_bench_development)
    HROMADA_DATABASE_URL=$dev_db "$server_bin" migrate >/dev/null
    HROMADA_DATABASE_URL=$dev_db "$server_bin" hromadas import data/katottg-hromadas-2025-07-02.csv >/dev/null
    setup_start=$SECONDS
    psql "$dev_db" -X -q -v year="$year" -f bench/development-data.sql
    psql "$dev_db" -X -qc "VACUUM (ANALYZE)"
    echo "setup (not timed): the data set above in $((SECONDS - setup_start)) s"
    admin_token=$(psql "$dev_db" -X -tAc "SELECT token FROM bench_tokens WHERE n = 0")
    psql "$dev_db" -X -tAc "SELECT token || ' $year' FROM bench_tokens WHERE n > 0 ORDER BY n" >"$work/year-readers.txt"
    one_hromada=UA32080070000050759
    psql "$dev_db" -X -qc "ALTER DATABASE hromada_bench_development SET log_min_duration_statement = 0"
    start_server "$dev_db"
    # REPORT|name|rows|HTTP median ms|psql median ms: five runs each.
    median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
    report() {
        local name=$1 path=$2 accept=$3 http_ms psql_ms offset rows
        curl -sf -o /dev/null -H "Authorization: Bearer $admin_token" -H "Accept: $accept" "$base$path"
        offset=$(stat -c %s "$pglog")
        http_ms=$(for _ in 1 2 3 4 5; do
            curl -sf -o "$work/report.out" -w '%{time_total}\n' -H "Authorization: Bearer $admin_token" -H "Accept: $accept" "$base$path"
        done | awk '{printf "%.1f\n", $1 * 1000}' | median)
        rows=$(($(wc -l <"$work/report.out") - 1))
        [ "$accept" = text/csv ] || rows=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$work/report.out")
        python3 scripts/pg-statements.py "$pglog" "$offset" --longest >"$work/statement.sql"
        psql_ms=$(for _ in 1 2 3 4 5; do
            psql "$dev_db" -X -q -o /dev/null -c 'SET jit = off' -c '\timing on' -f "$work/statement.sql" | awk '/^Time:/ {print $2}'
        done | median)
        echo "REPORT|$name|$rows|$http_ms|$psql_ms"
    }
    report "the association's whole year, every person (CSV)" "/api/v1/reports/development?year=$year" text/csv
    report "one hromada's year, every person (JSON)" "/api/v1/reports/development?year=$year&hromada=$one_hromada" application/json
    report "the summary by oblast (JSON)" "/api/v1/reports/development/summary?year=$year&by=oblast" application/json
    # A person's own year at 256 connections: as fast as answered, then at half that rate (the latency
    # people see); its ceiling the same five statements from pgbench, 16 clients.
    offset=$(stat -c %s "$pglog")
    curl -sf -o /dev/null -H "Authorization: Bearer $(head -1 "$work/year-readers.txt" | cut -d' ' -f1)" "$base/api/v1/me/development/$year"
    python3 scripts/pg-statements.py "$pglog" "$offset" --all --skip "JOIN sessions s" >"$work/year.sql"
    psql "$dev_db" -X -qc "ALTER DATABASE hromada_bench_development RESET log_min_duration_statement"
    stop_server
    start_server "$dev_db"
    year_ceiling=$(pgbench -n -M prepared -c 16 -j 2 -T 15 -f "$work/year.sql" "$dev_db" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
    echo "CEILING|year|$year_ceiling"
    echo "RESULT fields: phase | offered req/s (0: no pause) | req/s | p50 ms | p99 ms | errors | requests | server peak RSS MiB | server CPU µs/request | PostgreSQL CPU µs/request | cores busy %"
    fastest=$(load year 0 "$work/year-readers.txt")
    echo "$fastest"
    load year "$(( $(echo "$fastest" | cut -d'|' -f4 | cut -d. -f1) / 2 ))" "$work/year-readers.txt"
    stop_server
fi

echo "make bench took $SECONDS s"
# (Only those over 250 ms: the development phase logs every statement of its database for a while.)
slow=$(tail -c +$((pglog_start + 1)) "$pglog" 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "duration:" && $(i + 1) + 0 >= 250) { print; next } }' || true)
echo "PostgreSQL statements over 250 ms during this run: $(printf '%s' "$slow" | grep -c . || true), of them COMMIT: $(printf '%s' "$slow" | grep -c ': COMMIT$' || true)"
printf '%s\n' "$slow" | grep . | head -20 | cut -c1-160 || true
python3 scripts/bench-results.py bench/last-run.txt > bench/results.md
echo "== the table: bench/results.md =="
cat bench/results.md
