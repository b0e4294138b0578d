# Shared helpers for the service scripts (sourced, not run).

# apt-get update at most once per run: it is slow, and only needed to install.
apt_install() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$package")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ -z ${BRIDGE_APT_UPDATED:-} ]]; then
        echo "apt-get update…"
        apt-get update -qq
        export BRIDGE_APT_UPDATED=1
    fi
    echo "Installing ${missing[*]}…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# wait_until SECONDS DESCRIPTION COMMAND...: poll until COMMAND succeeds.
wait_until() {
    local seconds=$1 description=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            echo "Timed out after ${seconds}s waiting for $description." >&2
            return 1
        fi
        sleep 0.5
    done
}
