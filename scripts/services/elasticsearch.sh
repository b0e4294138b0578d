#!/usr/bin/env bash
# Elasticsearch 8.19 — the real server, as the minimal integ-test distribution that
# Elastic publishes on Maven Central (no Docker here). Installed once per machine
# outside the repository, so that every clone reuses it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

version=8.19.21
root=${BRIDGE_SERVICES_DIR:-/var/lib/bridge-services}
home=$root/elasticsearch-$version
url=http://127.0.0.1:9200
java_home=/usr/lib/jvm/java-17-openjdk-amd64

es_answers() { curl -sf "$url/_cluster/health" >/dev/null; }

if es_answers; then
    echo "elasticsearch: on 127.0.0.1:9200 (already running)"
    exit 0
fi

apt_install unzip curl openjdk-17-jre-headless maven

if [[ ! -x $home/bin/elasticsearch ]]; then
    echo "Fetching Elasticsearch $version from Maven Central…"
    download=$(mktemp -d)
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
        -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$version:zip" \
        -DoutputDirectory="$download"
    mkdir -p "$root"
    unzip -q "$download/elasticsearch-$version.zip" -d "$root"
    rm -rf "$download"
fi

# It refuses to run as root.
id bridge-es >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin bridge-es

# Security off (no TLS or password on a loopback test node); disk watermarks off so
# a nearly full CI disk does not turn indexes read-only; settings of modules absent
# from this distribution (ml, watcher, geoip) would stop it from starting.
cat > "$home/config/elasticsearch.yml" <<YAML
cluster.name: bridge-test
discovery.type: single-node
network.host: 127.0.0.1
http.port: 9200
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
path.data: $root/es-data
path.logs: $root/es-logs
YAML
mkdir -p "$home/config/jvm.options.d" "$root/es-data" "$root/es-logs" "$root/es-run"
printf -- '-Xms512m\n-Xmx512m\n' > "$home/config/jvm.options.d/heap.options"
chown -R bridge-es "$home" "$root/es-data" "$root/es-logs" "$root/es-run"

echo "Starting Elasticsearch $version…"
runuser -u bridge-es -- env ES_JAVA_HOME="$java_home" \
    "$home/bin/elasticsearch" -d -p "$root/es-run/elasticsearch.pid" >/dev/null
if ! wait_until 120 "Elasticsearch" curl -sf "$url/_cluster/health?wait_for_status=yellow&timeout=1s"; then
    tail -n 40 "$root/es-logs/bridge-test.log" >&2 || true
    exit 1
fi
echo "elasticsearch: $version on 127.0.0.1:9200"
