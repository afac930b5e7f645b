#!/usr/bin/env bash
# Installs the Debian packages Hromada needs when they are missing. Safe to run again.
set -euo pipefail
need=()
for pkg in postgresql libpq-dev libssl-dev zlib1g-dev openssl python3 curl \
           libcairo2-dev libfontconfig-dev libqrencode-dev libcurl4-openssl-dev fonts-dejavu-core fontconfig poppler-utils zbar-tools tmux python3-venv wrk chromium; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing missing packages / Встановлюю відсутні пакети: ${need[*]}"
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
