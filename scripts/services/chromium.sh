#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

apt_install chromium fonts-dejavu-core
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
