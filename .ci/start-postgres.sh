#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the tests and prints its URL on the last line.
# Uses Debian's cluster tools when present; otherwise initdb into a temp directory.
set -euo pipefail
PGPORT="${PGPORT:-54329}"
PGDATA_DIR="${PGDATA_DIR:-/tmp/la-ci-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$BIN" ]; then echo "PostgreSQL is not installed" >&2; exit 1; fi
if ! "$BIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q 2>/dev/null; then
  rm -rf "$PGDATA_DIR"; mkdir -p "$PGDATA_DIR"; chown postgres "$PGDATA_DIR"
  su postgres -c "$BIN/initdb -D $PGDATA_DIR -A trust -U postgres --no-sync -E UTF8" >/dev/null
  # fsync stays on: the crash-safety test must mean something on PostgreSQL.
  su postgres -c "$BIN/pg_ctl -D $PGDATA_DIR -l $PGDATA_DIR/log -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300' -w start" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PGPORT/postgres"
