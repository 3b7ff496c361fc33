#!/usr/bin/env bash
# Starts or stops a throw-away Redis server (Debian's redis-server) on 127.0.0.1, its pid, log and data under DIR.
#   scripts/redis-test.sh start DIR PORT [redis-server options...]   -> prints host:port once it answers PING
#   scripts/redis-test.sh stop DIR                                    -> stops it (TERM, then KILL after 10 s) and deletes DIR
# Installs redis-server (scripts/deps.sh) when it is missing. Nothing is saved to disk (--save '', no append-only
# file) unless options say otherwise (e.g. --requirepass SECRET, --appendonly yes).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/server-process.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:?start|stop}"; dir="${2:?state directory}"

server() { command -v redis-server 2>/dev/null || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; } || true; }

# PING over /dev/tcp: true once the server answers PONG (or NOAUTH, when a password is required).
answers() {
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'PING\r\n' >&3
  IFS= read -r -t 1 reply <&3 || reply=""
  exec 3>&- 3<&-
  [[ "$reply" == +PONG* || "$reply" == -NOAUTH* ]]
}

case "$cmd" in
  start)
    port="${3:?port}"; shift 3
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "redis-test: port \"$port\" is not a number" >&2; exit 64; }
    if [ -z "$(server)" ]; then "$here/deps.sh" >&2; fi
    bin="$(server)"
    [ -n "$bin" ] || { echo "redis-test: redis-server is not installed and could not be installed" >&2; exit 2; }
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [ -s "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      echo "redis-test: a server started from $dir is still running (pid $(cat "$dir/pid"))" >&2; exit 1
    fi
    (cd "$dir" && exec "$bin" --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no \
        --daemonize no --logfile "$dir/redis.log" "$@" </dev/null >"$dir/console.log" 2>&1) &
    pid=$!
    echo "$pid" > "$dir/pid"
    for _ in $(seq 1 100); do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "redis-test: redis-server exited: $(tail -n 3 "$dir/redis.log" "$dir/console.log" 2>/dev/null | grep -v '^==' | tr '\n' ' ')" >&2
        rm -f "$dir/pid"; exit 1
      fi
      if answers "$port" 2>/dev/null; then
        echo "127.0.0.1:$port"
        exit 0
      fi
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    echo "redis-test: redis-server did not answer on 127.0.0.1:$port within 10 s" >&2
    exit 1
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    stop_server_process "$dir"
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT [options...] | stop DIR" >&2; exit 64 ;;
esac
