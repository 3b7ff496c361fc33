#!/usr/bin/env bash
# Starts or stops a throw-away NATS server (Debian's nats-server) on 127.0.0.1, its pid and log under DIR.
#   scripts/nats-test.sh start DIR PORT [nats-server options...]   -> prints its URL once it accepts connections
#   scripts/nats-test.sh stop DIR                                   -> stops it (TERM, then KILL after 10 s) and deletes DIR
# Installs nats-server (scripts/deps.sh) when it is missing. Extra options go to nats-server as they are (e.g. --tls
# --tlscert FILE --tlskey FILE, --user U --pass P, --auth TOKEN), except --jetstream: JetStream on, its store under
# DIR/jetstream (never nats-server's default, a folder every server on the machine would share).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/server-process.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:?start|stop}"; dir="${2:?state directory}"

server() { command -v nats-server 2>/dev/null || { [ -x /usr/sbin/nats-server ] && echo /usr/sbin/nats-server; } || true; }

case "$cmd" in
  start)
    port="${3:?port}"; shift 3
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "nats-test: port \"$port\" is not a number" >&2; exit 64; }
    if [ -z "$(server)" ]; then "$here/deps.sh" >&2; fi
    bin="$(server)"
    [ -n "$bin" ] || { echo "nats-test: nats-server is not installed and could not be installed" >&2; exit 2; }
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [ -s "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      echo "nats-test: a server started from $dir is still running (pid $(cat "$dir/pid"))" >&2; exit 1
    fi
    options=()
    for option in "$@"; do
      if [ "$option" = "--jetstream" ]; then options+=(-js -sd "$dir/jetstream"); else options+=("$option"); fi
    done
    (cd "$dir" && exec "$bin" -a 127.0.0.1 -p "$port" -l "$dir/nats.log" ${options[@]+"${options[@]}"} </dev/null >"$dir/console.log" 2>&1) &
    pid=$!
    echo "$pid" > "$dir/pid"
    for _ in $(seq 1 100); do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "nats-test: nats-server exited: $(tail -n 3 "$dir/nats.log" "$dir/console.log" 2>/dev/null | grep -v '^==' | tr '\n' ' ')" >&2
        rm -f "$dir/pid"; exit 1
      fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "nats://127.0.0.1:$port"
        exit 0
      fi
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    echo "nats-test: nats-server did not accept connections on 127.0.0.1:$port within 10 s" >&2
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
