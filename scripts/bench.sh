#!/usr/bin/env bash
# `make bench`: measurements, not tests. Needs the dev PostgreSQL running (make db).
#   1. pack validation/import and the completions report, straight against storage (hromada-bench);
#   2. the attempt burst over HTTP against the release server (hromada-bench attempts): 1,000 learners
#      start a 20-question quiz within one second, save 20 answers each and submit; once at 1–5 s per
#      answer, once with no pause (the machine's ceiling).
# Each uses a database of its own, dropped and created anew. Extra arguments go to the attempt burst
# (e.g. scripts/bench.sh --db-pool 40 --connections 256; see `hromada-bench attempts --help`).
#   3. certificates: signing a cohort of 10,000 certificates, against `openssl speed ecdsap256`.
#   4. reads: the catalogue and lessons over HTTP on 50,000 learners, against the same SQL from pgbench.
# HROMADA_BENCH_ONLY=packs|attempts|reads|certificates runs one of them. Everything printed also goes to
# bench/last-run.txt, and the table of figures (each against its ceiling) to bench/results.md.
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
mkdir -p bench
exec > >(tee bench/last-run.txt) 2>&1
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB"
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
if [ -z "$only" ] || [ "$only" = reads ]; then
    echo "== catalogue and lesson reads over HTTP: 50,000 learners, 256 connections =="
    reads_db=$(fresh_db hromada_bench_reads)
    HROMADA_BENCH_DATABASE_URL=$reads_db .build/release/hromada-bench reads --server .build/release/hromada-server
    # The ceiling: the same statements straight against PostgreSQL, prepared, from pgbench.
    learners=$(psql "$reads_db" -tAc "SELECT count(*) FROM bench_reads")
    for script in catalogue lesson-read; do
        tps=$(pgbench -n -M prepared -c 16 -j 2 -T 15 -D learners="$learners" -f "bench/$script.sql" "$reads_db" 2>/dev/null \
              | awk '/^tps/ {printf "%.0f", $3}')
        echo "CEILING|$script|$tps"
        echo "pgbench ceiling for $script (the same SQL, prepared, 16 clients, 15 s): $tps per second"
    done
fi
if [ -z "$only" ] || [ "$only" = certificates ]; then
    echo "== certificates: a cohort of 10,000 completions signed =="
    HROMADA_BENCH_DATABASE_URL=$(fresh_db hromada_bench_certificates) .build/release/hromada-bench certificates
    echo "openssl speed ecdsap256, one process:      $(openssl speed -seconds 2 ecdsap256 2>/dev/null | awk '/nistp256/ {print $(NF-1) " sign/s, " $NF " verify/s"}')"
    echo "openssl speed ecdsap256, -multi $(nproc):         $(openssl speed -seconds 2 -multi "$(nproc)" ecdsap256 2>/dev/null | awk '/nistp256/ {print $(NF-1) " sign/s, " $NF " verify/s"}' | tail -1)"
fi

python3 scripts/bench-results.py bench/last-run.txt > bench/results.md
echo "== the table: bench/results.md =="
cat bench/results.md
