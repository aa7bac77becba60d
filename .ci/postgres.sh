#!/usr/bin/env bash
# Start Debian's PostgreSQL and create the test role; prints the URL to export as KIDSAFE_TEST_POSTGRES_URL.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$ver main"; then
  pg_createcluster "$ver" main >/dev/null 2>&1
fi
pg_ctlcluster "$ver" main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='kidsafe'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE kidsafe LOGIN SUPERUSER PASSWORD 'kidsafe'\""  >/dev/null
echo "postgresql+psycopg://kidsafe:kidsafe@127.0.0.1:5432/postgres"
