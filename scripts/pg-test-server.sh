#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests (ctest fixture, tests/store).
#
#   scripts/pg-test-server.sh start DIR   initdb + start on a unix socket in DIR; writes
#                                         DIR/url (a libpq URI) when the server is up
#   scripts/pg-test-server.sh stop DIR    stops it and removes DIR
#
# When the PostgreSQL binaries are absent, `start` writes DIR/skipped with the reason
# and exits 0: the PostgreSQL half of the tests then skips with that message. Runs the
# server as the `postgres` user (via runuser) when started as root, since PostgreSQL
# refuses to run as root. No TCP port is opened (listen_addresses='').
set -euo pipefail
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

pgbin=""
for v in 17 16 15 14 13; do
  if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then pgbin=/usr/lib/postgresql/$v/bin; break; fi
done
run=()
if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); fi

case "$cmd" in
  start)
    if [ -d "$dir/data" ]; then "$0" stop "$dir" || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ -z "$pgbin" ]; then
      echo "PostgreSQL binaries not found (apt-get install postgresql)" > "$dir/skipped"
      echo "pg-test-server: PostgreSQL is not installed; PostgreSQL store tests will skip" >&2
      exit 0
    fi
    if [ ${#run[@]} -gt 0 ]; then
      if ! id postgres >/dev/null 2>&1; then
        echo "no 'postgres' user to run the server as" > "$dir/skipped"
        exit 0
      fi
      chown postgres "$dir"
    fi
    chmod 755 "$dir"
    "${run[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
      --locale=C >"$dir/initdb.log" 2>&1
    "${run[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
      "-k $dir -c listen_addresses='' -c max_connections=200 -c shared_buffers=64MB" \
      >/dev/null
    echo "postgresql:///postgres?host=$dir&user=postgres" > "$dir/url"
    ;;
  stop)
    if [ -n "$pgbin" ] && [ -d "$dir/data" ]; then
      "${run[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
