#!/usr/bin/env bash
# Starts or stops a throw-away test server written in Node.js on an npm package (used by smtp-test.sh and s3-test.sh).
#   scripts/npm-test-server.sh LABEL PACKAGE VERSION SERVER.js start DIR PORT [options...]   -> prints host:port once it listens
#   scripts/npm-test-server.sh LABEL PACKAGE VERSION SERVER.js stop DIR                      -> stops it and deletes DIR
# Installs PACKAGE@VERSION with npm into .tools/PACKAGE when it is missing (one install at a time); SERVER.js (in
# scripts/) gets DIR, PORT and the options, and creates DIR/ready once it listens.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/server-process.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
label="${1:?label}"; package="${2:?npm package}"; version="${3:?version}"; server="${4:?server script}"; shift 4
tools="$root/.tools/$package"
cmd="${1:?start|stop}"; dir="${2:?state directory}"

case "$cmd" in
  start)
    port="${3:?port}"; shift 3
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "$label: port \"$port\" is not a number" >&2; exit 64; }
    command -v node >/dev/null 2>&1 || { echo "$label: node is not installed" >&2; exit 2; }
    mkdir -p "$tools"
    (
      # One install at a time: tests start several servers at once.
      flock 9
      if [ ! -f "$tools/node_modules/$package/package.json" ]; then
        echo "$label: installing $package@$version into $tools" >&2
        cd "$tools" && npm install --no-audit --no-fund --silent --prefix "$tools" "$package@$version" >&2
      fi
    ) 9>"$tools/.install-lock"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    rm -f "$dir/ready"
    (cd "$dir" && NODE_PATH="$tools/node_modules" exec node "$here/$server" "$dir" "$port" "$@" </dev/null >"$dir/console.log" 2>&1) &
    pid=$!
    echo "$pid" > "$dir/pid"
    for _ in $(seq 1 100); do
      [ -e "$dir/ready" ] && { echo "127.0.0.1:$port"; exit 0; }
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "$label: the server exited: $(tail -n 3 "$dir/console.log" | tr '\n' ' ')" >&2; rm -f "$dir/pid"; exit 1
      fi
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    echo "$label: the server did not listen on 127.0.0.1:$port within 10 s" >&2
    exit 1
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    stop_server_process "$dir" 50
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 LABEL PACKAGE VERSION SERVER.js start DIR PORT [options...] | ... stop DIR" >&2; exit 64 ;;
esac
