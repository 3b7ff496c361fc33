#!/usr/bin/env bash
# Starts or stops a throw-away S3 API for tests (scripts/s3-test-server.js on the npm package s3rver).
#   scripts/s3-test.sh start DIR PORT [--seed SEEDDIR]   -> prints host:port once it listens
#   scripts/s3-test.sh stop DIR                          -> stops it and deletes DIR
# Installs s3rver (S3RVER_VERSION, default 3.7.1) with npm into .tools/s3rver when it is missing.
# Each folder of SEEDDIR becomes a bucket holding its files; the access key and secret key are both S3RVER.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
tools="$root/.tools/s3rver"
version="${S3RVER_VERSION:-3.7.1}"
cmd="${1:?start|stop}"; dir="${2:?state directory}"

case "$cmd" in
  start)
    port="${3:?port}"; shift 3
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "s3-test: port \"$port\" is not a number" >&2; exit 64; }
    command -v node >/dev/null 2>&1 || { echo "s3-test: node is not installed" >&2; exit 2; }
    mkdir -p "$tools"
    (
      # One install at a time: tests start several servers at once.
      flock 9
      if [ ! -f "$tools/node_modules/s3rver/package.json" ]; then
        echo "s3-test: installing s3rver@$version into $tools" >&2
        cd "$tools" && npm install --no-audit --no-fund --silent --prefix "$tools" "s3rver@$version" >&2
      fi
    ) 9>"$tools/.install-lock"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    rm -f "$dir/ready"
    (cd "$dir" && NODE_PATH="$tools/node_modules" exec node "$here/s3-test-server.js" "$dir" "$port" "$@" </dev/null >"$dir/console.log" 2>&1) &
    pid=$!
    echo "$pid" > "$dir/pid"
    for _ in $(seq 1 100); do
      [ -e "$dir/ready" ] && { echo "127.0.0.1:$port"; exit 0; }
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "s3-test: the server exited: $(tail -n 3 "$dir/console.log" | tr '\n' ' ')" >&2; rm -f "$dir/pid"; exit 1
      fi
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    echo "s3-test: the server did not listen on 127.0.0.1:$port within 10 s" >&2
    exit 1
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    if [ -s "$dir/pid" ]; then
      pid="$(cat "$dir/pid")"
      if kill -TERM "$pid" 2>/dev/null; then
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT [options...] | stop DIR" >&2; exit 64 ;;
esac
