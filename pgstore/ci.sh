#!/usr/bin/env bash
# CI step for pgstore (its own module): vet, staticcheck, and the tests with
# the race detector against a real PostgreSQL. The tests start a throwaway
# server themselves from initdb and pg_ctl (as the postgres user when run
# as root), or use PG_URL when set; Debian's postgresql is installed when
# the programs are missing. PGTEST_REQUIRE=1 turns "no server" into a
# failure, and any skipped test fails the step, so it cannot pass without
# having run against PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")"

have_pg() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then return 0; fi
  compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null
}

if ! have_pg; then
  echo "== pgstore: installing PostgreSQL (initdb/pg_ctl missing)"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  have_pg || { echo "pgstore: postgresql installed, but initdb/pg_ctl still not found"; exit 1; }
fi

echo "== pgstore (own module): vet, staticcheck"
go vet ./...
bin="$(go env GOPATH)/bin"
if [ -x "$bin/staticcheck" ]; then "$bin/staticcheck" ./...; else echo "staticcheck not installed; skipped"; fi

echo "== pgstore: go test -race against PostgreSQL"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
PGTEST_REQUIRE=1 go test -race -count=1 -v ./... >"$log" 2>&1 || status=$?
grep -E '^(ok|FAIL|PASS|panic:|--- FAIL|--- SKIP)|^\s+--- (FAIL|SKIP)' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "pgstore: tests failed; the log follows"; cat "$log"; exit "$status"
fi
if grep -qE -- '--- SKIP' "$log"; then
  echo "pgstore: tests skipped (see above); CI needs them run against PostgreSQL"
  grep -E -A2 -- '--- SKIP' "$log"; exit 1
fi
passed=$(grep -cE -- '^\s*--- PASS' "$log" || true)
echo "pgstore: $passed passed, 0 failed"
