#!/usr/bin/env bash
# A private PostgreSQL for development and tests, under .data/ and reachable only through a Unix
# socket. As root it runs as the unprivileged `postgres` user (initdb refuses root).
#   dev-db.sh start   initialise if needed, start if stopped, create the `hromada` database
#   dev-db.sh stop    stop it (fast shutdown)
#   dev-db.sh kill    stop it at once (immediate shutdown), for fault tests
#   dev-db.sh destroy stop and remove a cluster of its own (HROMADA_DEV_DB_DIR below)
#   dev-db.sh url     print the connection URL of the `hromada` database
#   dev-db.sh log     print the path of the server's log file
#   dev-db.sh env     print shell exports for HROMADA_DATABASE_URL and PG* variables
# HROMADA_DEV_DB_DIR names another folder for a cluster of its own (default .data/): make test gives
# one to each end-to-end script that stops PostgreSQL on purpose, so the others need not wait.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA="${HROMADA_DEV_DB_DIR:-$ROOT/.data}"
mkdir -p "$DATA"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "PostgreSQL is not installed; run scripts/deps.sh" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
    RUNAS=postgres
    # From /, which that user can always enter (the checkout may be out of its reach).
    as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
    RUNAS=$(id -un)
    as_pg() { "$@"; }
fi

# The cluster, its log and its socket live under .data/ unless the unprivileged user cannot reach
# that folder (a checkout under a private home) or the socket path would be too long for Unix
# sockets; then they live in a folder under /tmp named after this checkout, linked from .data/.
key=$(printf '%s' "$ROOT${HROMADA_DEV_DB_DIR:+:$DATA}" | sha256sum | cut -c1-12)
PGDATA="$DATA/pg"
SOCK="$DATA/run"
if [ ! -e "$PGDATA" ] && [ "$(id -u)" = 0 ]; then
    chmod 755 "$DATA"
    if ! runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
        mkdir -p "/tmp/hromada-$key" && chmod 755 "/tmp/hromada-$key"
        ln -sfn "/tmp/hromada-$key/pg" "$PGDATA"
        ln -sfn "/tmp/hromada-$key/run" "$SOCK"
    fi
fi
if [ ${#SOCK} -gt 90 ]; then
    mkdir -p "/tmp/hromada-$key" && chmod 755 "/tmp/hromada-$key"
    [ -L "$SOCK" ] || { rm -rf "$SOCK"; ln -sfn "/tmp/hromada-$key/run" "$SOCK"; }
fi
SOCKDIR=$(readlink -f "$SOCK" 2>/dev/null || echo "$SOCK")
PGDIR=$(readlink -f "$PGDATA" 2>/dev/null || echo "$PGDATA")
# The log sits beside the cluster, so whoever runs the server can write it.
LOG="$(dirname "$PGDIR")/postgres.log"
if [ "$LOG" != "$DATA/postgres.log" ] && [ ! -L "$DATA/postgres.log" ]; then
    rm -f "$DATA/postgres.log"
    ln -sfn "$LOG" "$DATA/postgres.log"
fi
URL="postgresql:///hromada?host=$SOCKDIR&user=hromada"

start() {
    if [ ! -f "$PGDIR/PG_VERSION" ]; then
        mkdir -p "$PGDIR" "$SOCKDIR"
        chown "$RUNAS" "$PGDIR" "$SOCKDIR"
        chmod 700 "$PGDIR"
        as_pg "$PGBIN/initdb" -D "$PGDIR" -U hromada --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 \
            || { cat "$DATA/initdb.log" >&2; exit 1; }
        cat >>"$PGDIR/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$SOCKDIR'
unix_socket_permissions = 0700
shared_buffers = 128MB
CONF
    fi
    # The Swift suites run some 600 tests at once, each with a pool of its own (and a live server's):
    # at 300 connections one run in several met "too many clients already" (2026-12-08). An idle
    # backend costs a few MB; 600 is room to spare on a test machine. Added to clusters made before
    # this line too (a later line wins; it takes effect when the cluster next starts).
    grep -q '^max_connections = 600' "$PGDIR/postgresql.conf" \
        || echo "max_connections = 600" >>"$PGDIR/postgresql.conf"
    # After a crash (or `kill`, which the outage tests use) PostgreSQL syncs its data folder before it
    # starts; file by file (the default) that took over two minutes for the 3 GB the test databases
    # leave, one syncfs call takes a second. Added to clusters made before this line too.
    grep -q '^recovery_init_sync_method' "$PGDIR/postgresql.conf" \
        || echo "recovery_init_sync_method = syncfs" >>"$PGDIR/postgresql.conf"
    mkdir -p "$SOCKDIR" && chown "$RUNAS" "$SOCKDIR"
    touch "$LOG" && chown "$RUNAS" "$LOG"
    if ! as_pg "$PGBIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
        # Up to 2 minutes: after a hard stop (faults_e2e) recovery first fsyncs the whole cluster.
        as_pg "$PGBIN/pg_ctl" -D "$PGDIR" -l "$LOG" -w -t 120 start >/dev/null \
            || { tail -n 20 "$LOG" >&2; exit 1; }
    fi
    if ! psql "postgresql:///postgres?host=$SOCKDIR&user=hromada" -tAc "SELECT 1 FROM pg_database WHERE datname='hromada'" | grep -q 1; then
        psql "postgresql:///postgres?host=$SOCKDIR&user=hromada" -qc "CREATE DATABASE hromada" >/dev/null
    fi
}

case "${1:-start}" in
    start) start ;;
    # Up to 5 minutes: a fast shutdown ends with a checkpoint, and with the hundreds of databases a
    # test run leaves that took 51 s on a busy disk, past pg_ctl's default 60 s wait once the stop had
    # queued; `start` then found it still shutting down (foundation_e2e's outage, 2026-12-07).
    stop) as_pg "$PGBIN/pg_ctl" -D "$PGDIR" -m fast -w -t 300 stop >/dev/null 2>&1 || true ;;
    kill) as_pg "$PGBIN/pg_ctl" -D "$PGDIR" -m immediate -w stop >/dev/null 2>&1 || true ;;
    # Only for a cluster of its own (HROMADA_DEV_DB_DIR): stop it at once and remove it, wherever it lives.
    destroy)
        [ -n "${HROMADA_DEV_DB_DIR:-}" ] || { echo "destroy removes only a HROMADA_DEV_DB_DIR cluster" >&2; exit 2; }
        as_pg "$PGBIN/pg_ctl" -D "$PGDIR" -m immediate -w stop >/dev/null 2>&1 || true
        # Only what this script made there: a folder named by mistake (a home, /) loses nothing else.
        rm -rf "$PGDIR" "$SOCKDIR" "$LOG"
        rm -f "$DATA/pg" "$DATA/run" "$DATA/postgres.log" "$DATA/initdb.log"
        case "$PGDIR" in /tmp/hromada-*) rmdir "$(dirname "$PGDIR")" 2>/dev/null || true ;; esac
        rmdir "$DATA" 2>/dev/null || true
        ;;
    url) echo "$URL" ;;
    log) echo "$LOG" ;;
    env)
        echo "export HROMADA_DATABASE_URL='$URL'"
        echo "export HROMADA_TEST_DATABASE_URL='postgresql:///postgres?host=$SOCKDIR&user=hromada'"
        ;;
    *) echo "usage: $0 start|stop|kill|destroy|url|log|env" >&2; exit 2 ;;
esac
