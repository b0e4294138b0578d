#!/usr/bin/env bash
# PostgreSQL 15 from Debian, with a `bridge` role allowed to create test databases.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

apt_install postgresql postgresql-client

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    pg_ctlcluster 15 main start
    wait_until 30 "PostgreSQL" pg_isready -q -h 127.0.0.1 -p 5432
fi

psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA "$@"; }

if [[ $(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'bridge'") != 1 ]]; then
    psql_admin -c "CREATE ROLE bridge LOGIN CREATEDB PASSWORD 'bridge'"
fi
if [[ $(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'bridge'") != 1 ]]; then
    psql_admin -c "CREATE DATABASE bridge OWNER bridge"
fi

# A throwaway test cluster: durability costs time and protects nothing here.
if [[ $(psql_admin -c "SHOW fsync") != off ]]; then
    psql_admin -c "ALTER SYSTEM SET fsync = off" \
               -c "ALTER SYSTEM SET synchronous_commit = off" \
               -c "ALTER SYSTEM SET full_page_writes = off"
    psql_admin -c "SELECT pg_reload_conf()" >/dev/null
fi

PGPASSWORD=bridge psql -h 127.0.0.1 -U bridge -d bridge -qtAc "SELECT 1" >/dev/null
echo "postgresql: $(psql_admin -c 'SHOW server_version') on 127.0.0.1:5432"
