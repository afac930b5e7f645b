#!/usr/bin/env bash
# `make run`: migrate, create the demo admin once, and serve in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/dev-db.sh env)"
export HROMADA_KEYS_DIR="${HROMADA_KEYS_DIR:-$PWD/.data/keys}"
mkdir -p "$HROMADA_KEYS_DIR" && chmod 700 "$HROMADA_KEYS_DIR"
# Development signing keys: a random passphrase kept next to the private database.
export HROMADA_KEY_PASSPHRASE_FILE="${HROMADA_KEY_PASSPHRASE_FILE:-$PWD/.data/key-passphrase}"
if [ -z "${HROMADA_KEY_PASSPHRASE:-}" ] && [ ! -s "$HROMADA_KEY_PASSPHRASE_FILE" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr '+/' '-_' > "$HROMADA_KEY_PASSPHRASE_FILE")
fi
server=.build/debug/hromada-server
$server migrate
# The hromada codifier КАТОТТГ the project ships (idempotent: unchanged units stay as they are).
$server hromadas import data/katottg-hromadas-2025-07-02.csv
$server ca dev-setup
if compgen -G "courses/*/course.yaml" >/dev/null; then
    $server courses import courses/*/
fi
# Programmes of those courses (after them: a programme is checked against the published courses).
if compgen -G "programmes/*/programme.yaml" >/dev/null; then
    $server programmes import programmes/*/
fi

admin_email="admin@hromada.example"
pass_file=.data/admin-password
if [ ! -s "$pass_file" ]; then
    umask 077
    head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$pass_file"
    $server create-admin --email "$admin_email" --password-file "$pass_file" >/dev/null
    echo "Demo admin / Демо-адміністратор: $admin_email  password / пароль: $(cat "$pass_file")"
    echo "(the password is kept in $pass_file / пароль збережено в $pass_file)"
else
    echo "Demo admin / Демо-адміністратор: $admin_email (password in / пароль у $pass_file)"
fi
if [ -z "${HROMADA_SMTP_URL:-}" ]; then
    echo "Mail is off until HROMADA_SMTP_URL is set; invitations wait in the outbox / Пошту вимкнено, доки не задано HROMADA_SMTP_URL; запрошення чекають у черзі"
fi
listen="${HROMADA_LISTEN:-127.0.0.1:8080}"
echo "Serving on / Сервер слухає http://$listen — Ctrl-C to stop / Ctrl-C, щоб зупинити"
export HROMADA_PUBLIC_URL="${HROMADA_PUBLIC_URL:-http://$listen}"
exec $server serve --listen "$listen"
