#!/usr/bin/env bash
# Backups of the Hromada database with PostgreSQL's own tools.
#   scripts/backup.sh dump FILE            pg_dump of HROMADA_DATABASE_URL (custom format, compressed)
#   scripts/backup.sh restore FILE URL     restore FILE into the empty database at URL
# The signing keys are files, not rows: back up HROMADA_KEYS_DIR (encrypted PKCS#8) with the dump,
# and keep the passphrase apart from both.
set -euo pipefail
case "${1:-}" in
    dump)
        [ $# -eq 2 ] || { echo "usage: $0 dump FILE" >&2; exit 2; }
        : "${HROMADA_DATABASE_URL:?set HROMADA_DATABASE_URL}"
        pg_dump --format=custom --no-owner --file "$2" "$HROMADA_DATABASE_URL"
        echo "dumped to $2 ($(du -h "$2" | cut -f1))"
        ;;
    restore)
        [ $# -eq 3 ] || { echo "usage: $0 restore FILE URL" >&2; exit 2; }
        # One transaction: a restore that fails half-way leaves the target as it was.
        pg_restore --no-owner --exit-on-error --single-transaction --dbname "$3" "$2"
        echo "restored $2"
        ;;
    *)
        echo "usage: $0 dump FILE | restore FILE URL" >&2
        exit 2
        ;;
esac
