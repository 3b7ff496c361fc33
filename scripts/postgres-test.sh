#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests.
#
#   scripts/postgres-test.sh start DIR PORT [crash-safe]
#                                             initdb into DIR, start it on 127.0.0.1:PORT (trust auth, unix socket
#                                             in DIR) and print its connection string on stdout; crash-safe: with
#                                             synchronous_commit on, so a commit the server acknowledged survives restart
#   scripts/postgres-test.sh restart DIR [SECONDS]
#                                             stop it as a crash would (immediate: no checkpoint, clients cut off) and
#                                             start it again with the same settings and data (crash recovery from WAL),
#                                             SECONDS later when given
#   scripts/postgres-test.sh stop DIR [PORT]  stop it and delete DIR
#
# Runs the server as the `postgres` OS user when started as root (PostgreSQL refuses to run as root), else as the
# caller. Binaries: the newest /usr/lib/postgresql/*/bin (scripts/deps.sh installs them). Durability settings are
# off (fsync, synchronous_commit): the cluster lives for one test run. With synchronous_commit off, a commit is
# acknowledged before its WAL leaves the server's memory, so a restart (an immediate stop is a crash) drops the commits
# of the last fraction of a second: a cluster that is to be restarted starts crash-safe. fsync stays off either way:
# what the server wrote survives its processes being stopped, only not the machine failing. Exit code 2 when PostgreSQL
# is not installed.
set -euo pipefail

usage() { echo "usage: $0 start DIR PORT [crash-safe] | restart DIR [SECONDS] | stop DIR [PORT]" >&2; exit 64; }
[[ $# -ge 2 ]] || usage
command="$1"
dir="$2"
port="${3:-}"
synchronous_commit=off
case "${4:-}" in
  "") ;;
  crash-safe) synchronous_commit=on ;;
  *) usage ;;
esac

bin="$(compgen -G "/usr/lib/postgresql/*/bin" | sort -V | tail -n 1 || true)"
if [[ -z "$bin" || ! -x "$bin/pg_ctl" ]]; then
  echo "postgres-test: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl); run scripts/deps.sh" >&2
  exit 2
fi

as_server=()
if [[ "$(id -u)" -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || { echo "postgres-test: running as root but there is no postgres user" >&2; exit 2; }
  as_server=(runuser -u postgres --)
fi

# The first folder on the way to $dir that the postgres user cannot enter, with its mode and owner.
blocked_parent() {
  local path="" part parts
  IFS=/ read -ra parts <<< "${dir#/}"
  for part in "${parts[@]}"; do
    path="$path/$part"
    "${as_server[@]}" test -x "$path" 2>/dev/null || { stat -c '%n (%A %U:%G)' "$path"; return; }
  done
  echo "$dir"
}

# Fails with the server's own first FATAL/ERROR line of LOG (else its last line).
fail_with() {
  local what="$1" log="$2" line
  line="$(grep -m1 -E 'FATAL|PANIC|ERROR|error:' "$log" 2>/dev/null || true)"
  [[ -n "$line" ]] || line="$(grep -v '^[[:space:]]*$' "$log" 2>/dev/null | tail -n 1 || true)"
  echo "postgres-test: $what: ${line:-no output} (from $log)" >&2
  exit 1
}

[[ "$dir" == /* ]] || dir="$PWD/$dir"
cd /  # the postgres user may not be allowed into the caller's folder (initdb and pg_ctl complain)
data="$dir/data"
case "$command" in
  start)
    [[ "$port" =~ ^[0-9]+$ ]] || usage
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    data="$dir/data"
    if [[ ${#as_server[@]} -gt 0 ]]; then
      chown postgres: "$dir"
      "${as_server[@]}" test -w "$dir" \
        || { echo "postgres-test: the postgres user cannot reach $dir; $(blocked_parent) is not open to it" >&2; exit 1; }
    fi
    if [[ ! -f "$data/PG_VERSION" ]]; then
      "${as_server[@]}" "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || fail_with "initdb failed" "$dir/initdb.log"
    fi
    "${as_server[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=$synchronous_commit -c full_page_writes=off -c max_connections=500" \
      start >&2 || fail_with "PostgreSQL did not start on port $port" "$dir/postgres.log"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  restart)
    [[ -f "$data/postmaster.pid" ]] || { echo "postgres-test: no server running in $data" >&2; exit 1; }
    down="${3:-0}"
    [[ "$down" =~ ^[0-9]+$ ]] || usage
    if [[ "$down" -eq 0 ]]; then
      "${as_server[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -m immediate -w -t 60 restart >&2 \
        || fail_with "PostgreSQL did not start again" "$dir/postgres.log"
    else
      # Down for a while: the options of the last start (postmaster.opts, as pg_ctl restart reads them) but the data folder.
      opts="$(sed -E 's/^[^ ]+ //; s/"-D" "[^"]*" ?//' "$data/postmaster.opts")"
      "${as_server[@]}" "$bin/pg_ctl" -D "$data" -m immediate -w -t 60 stop >&2
      sleep "$down"
      "${as_server[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 -o "$opts" start >&2 \
        || fail_with "PostgreSQL did not start again" "$dir/postgres.log"
    fi
    ;;
  stop)
    if [[ -f "$data/postmaster.pid" ]]; then
      "${as_server[@]}" "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    usage
    ;;
esac
