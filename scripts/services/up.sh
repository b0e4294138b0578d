#!/usr/bin/env bash
# Install what is missing and start what is not running; fast when all is up.
set -euo pipefail
here=$(dirname "$0")
if [[ $(id -u) -ne 0 ]]; then
    echo "scripts/services/up.sh installs packages and starts services: run it as root." >&2
    exit 1
fi
for service in postgres redis elasticsearch chromium; do
    if ! "$here/$service.sh"; then
        echo "Could not start $service (see above)." >&2
        exit 1
    fi
done
