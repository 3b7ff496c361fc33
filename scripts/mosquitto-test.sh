#!/usr/bin/env bash
# Starts or stops a throw-away MQTT broker (Debian's mosquitto) on 127.0.0.1, its config, pid, log and persisted
# sessions under DIR.
#   scripts/mosquitto-test.sh start DIR PORT ["config line"...]  -> prints its URL once it accepts connections
#   scripts/mosquitto-test.sh restart DIR                         -> stops it (TERM: sessions are saved) and starts it again on its port
#   scripts/mosquitto-test.sh stop DIR                            -> stops it (TERM, then KILL after 10 s) and deletes DIR
# Anonymous clients are allowed; persistent sessions keep any number of queued QoS 1/2 messages and survive a restart.
# Extra arguments are added to mosquitto.conf as lines (e.g. "max_queued_messages 100"). Installs mosquitto
# (scripts/deps.sh) when it is missing.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/server-process.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:?start|restart|stop}"; dir="${2:?state directory}"

broker() { command -v mosquitto 2>/dev/null || { [ -x /usr/sbin/mosquitto ] && echo /usr/sbin/mosquitto; } || true; }

stop_process() { stop_server_process "$dir"; }

run() {
  local bin port pid
  bin="$(broker)"
  port="$(cat "$dir/port")"
  (cd "$dir" && exec "$bin" -c "$dir/mosquitto.conf" </dev/null >>"$dir/console.log" 2>&1) &
  pid=$!
  echo "$pid" > "$dir/pid"
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "mosquitto-test: mosquitto exited: $(tail -n 3 "$dir/console.log" 2>/dev/null | tr '\n' ' ')" >&2
      rm -f "$dir/pid"; exit 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "tcp://127.0.0.1:$port"
      exit 0
    fi
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  echo "mosquitto-test: mosquitto did not accept connections on 127.0.0.1:$port within 10 s" >&2
  exit 1
}

case "$cmd" in
  start)
    port="${3:?port}"; shift 3
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "mosquitto-test: port \"$port\" is not a number" >&2; exit 64; }
    if [ -z "$(broker)" ]; then "$here/deps.sh" >&2; fi
    [ -n "$(broker)" ] || { echo "mosquitto-test: mosquitto is not installed and could not be installed" >&2; exit 2; }
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [ -s "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      echo "mosquitto-test: a broker started from $dir is still running (pid $(cat "$dir/pid"))" >&2; exit 1
    fi
    echo "$port" > "$dir/port"
    {
      echo "listener $port 127.0.0.1"
      echo "allow_anonymous true"
      # mosquitto started as root drops to this user; the state folder belongs to it.
      echo "user $(id -un)"
      echo "persistence true"
      echo "persistence_location $dir/"
      echo "max_queued_messages 0"
      echo "log_dest stdout"
      for line in "$@"; do echo "$line"; done
    } > "$dir/mosquitto.conf"
    run
    ;;
  restart)
    [ -s "$dir/port" ] || { echo "mosquitto-test: no broker was started from $dir" >&2; exit 1; }
    dir="$(cd "$dir" && pwd)"
    stop_process
    run
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    stop_process
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT [config lines...] | restart DIR | stop DIR" >&2; exit 64 ;;
esac
