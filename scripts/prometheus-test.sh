#!/usr/bin/env bash
# Starts or stops a throw-away Prometheus (Debian's prometheus 2.42) on 127.0.0.1, its data, pid and log under DIR.
#   scripts/prometheus-test.sh start DIR PORT CONFIG   -> prints its URL once /-/ready answers
#   scripts/prometheus-test.sh stop DIR                -> stops it (TERM, then KILL after 10 s) and deletes DIR
# Installs prometheus (scripts/deps.sh) when it is missing. CONFIG is a prometheus.yml (scrape jobs, rule files).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/server-process.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:?start|stop}"; dir="${2:?state directory}"

server() { command -v prometheus 2>/dev/null || { [ -x /usr/bin/prometheus ] && echo /usr/bin/prometheus; } || true; }

case "$cmd" in
  start)
    port="${3:?port}"; config="${4:?prometheus.yml}"
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "prometheus-test: port \"$port\" is not a number" >&2; exit 64; }
    [ -f "$config" ] || { echo "prometheus-test: no configuration at $config" >&2; exit 64; }
    if [ -z "$(server)" ]; then "$here/deps.sh" >&2; fi
    bin="$(server)"
    [ -n "$bin" ] || { echo "prometheus-test: prometheus is not installed and could not be installed" >&2; exit 2; }
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"
    if [ -s "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      echo "prometheus-test: a server started from $dir is still running (pid $(cat "$dir/pid"))" >&2; exit 1
    fi
    (cd "$dir" && exec "$bin" --config.file="$config" --storage.tsdb.path="$dir/data" \
      --web.listen-address="127.0.0.1:$port" --log.level=warn </dev/null >"$dir/console.log" 2>&1) &
    pid=$!
    echo "$pid" > "$dir/pid"
    for _ in $(seq 1 300); do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "prometheus-test: prometheus exited: $(tail -n 3 "$dir/console.log" 2>/dev/null | tr '\n' ' ')" >&2
        rm -f "$dir/pid"; exit 1
      fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /-/ready HTTP/1.0\r\n\r\n' >&3 && head -n 1 <&3 | grep -q ' 200 ') 2>/dev/null; then
        echo "http://127.0.0.1:$port"
        exit 0
      fi
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    echo "prometheus-test: prometheus was not ready on 127.0.0.1:$port within 30 s" >&2
    exit 1
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    stop_server_process "$dir"
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT CONFIG | stop DIR" >&2; exit 64 ;;
esac
