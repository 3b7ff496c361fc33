#!/usr/bin/env bash
# Starts or stops a throw-away RabbitMQ node on 127.0.0.1 whose data lives under DIR.
#   scripts/rabbitmq-test.sh start DIR PORT   -> prints the AMQP URI once the node accepts connections
#   scripts/rabbitmq-test.sh stop DIR
#   scripts/rabbitmq-test.sh node DIR         -> prints the node's name
# The rabbitmq_prometheus plugin serves the broker's metrics (queue depth, consumers, …) on 127.0.0.1:PORT-2000
# (/metrics, and per queue /metrics/per-object).
# The node is EVENTS_TEST_RABBITMQ_NODE when set, else events-test-<hash of DIR>@localhost: one per data folder.
# EVENTS_TEST_RABBITMQ_CONF: more rabbitmq.conf lines for this start (e.g. vm_memory_high_watermark.relative = 0.0000001
# to boot with a memory alarm set); without it a start uses the defaults again.
# EVENTS_TEST_RABBITMQ_ERL_ARGS: more arguments for the node's Erlang VM (e.g. +sbwt none, schedulers that do not
# busy-wait).
# Started by root, Debian's wrapper runs the server as the rabbitmq user, which must be able to reach DIR.
set -euo pipefail
cmd="${1:?start|stop|node}"; dir="${2:?data directory}"; port="${3:-5672}"
[ "$cmd" != start ] || mkdir -p "$dir"
dir="$(realpath -ms "$dir")"
export RABBITMQ_NODENAME="${EVENTS_TEST_RABBITMQ_NODE:-events-test-$(printf '%s' "$dir" | sha256sum | cut -c1-10)@localhost}"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$port"
if [ "$port" -lt 60000 ]; then dist=$((port + 1000)); else dist=$((port - 1000)); fi
export RABBITMQ_DIST_PORT="$dist"
export RABBITMQ_MNESIA_BASE="$dir/mnesia"
export RABBITMQ_LOG_BASE="$dir/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
export RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
export RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
prometheus_port=$((port - 2000))
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}${EVENTS_TEST_RABBITMQ_ERL_ARGS:+ $EVENTS_TEST_RABBITMQ_ERL_ARGS}"
export HOME="${HOME:-/root}"

# The first folder on the way to DIR that the rabbitmq user cannot enter, with its mode and owner.
blocked_parent() {
  local path="" part parts
  IFS=/ read -ra parts <<< "${dir#/}"
  for part in "${parts[@]}"; do
    path="$path/$part"
    runuser -u rabbitmq -- test -x "$path" 2>/dev/null || { stat -c '%n (%A %U:%G)' "$path"; return; }
  done
  echo "$dir"
}

# The first [error] line of a RabbitMQ log on stdin, without its timestamp.
error_line() { grep -m1 -E '\[error\] <[^>]*> +[^ ]' | sed -E 's/^.*\[error\] <[^>]*> +//'; }

# The server's own first error line: from what its node log got during this start, else from its console output.
first_error() {
  local line
  line="$(tail -c "+$((log_offset + 1))" "$node_log" 2>/dev/null | error_line || true)"
  if [ -n "$line" ]; then echo "$line (from $node_log)"; return; fi
  line="$(error_line < "$dir/console.log" || true)"
  [ -n "$line" ] || line="$(grep -v '^[[:space:]]*$' "$dir/console.log" | tail -n 1 || true)"
  echo "${line:-no output} (from $dir/console.log)"
}

case "$cmd" in
  node)
    echo "$RABBITMQ_NODENAME"
    ;;
  start)
    command -v rabbitmq-server >/dev/null || { echo "rabbitmq-server is not installed (make deps)" >&2; exit 1; }
    mkdir -p "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
    printf 'prometheus.tcp.ip = 127.0.0.1\nprometheus.tcp.port = %s\n' "$prometheus_port" > "$RABBITMQ_CONFIG_FILE"
    [ -z "${EVENTS_TEST_RABBITMQ_CONF:-}" ] || printf '%s\n' "$EVENTS_TEST_RABBITMQ_CONF" >> "$RABBITMQ_CONFIG_FILE"
    if (exec 3<>"/dev/tcp/127.0.0.1/$prometheus_port") 2>/dev/null; then
      # Something else listens there: the node starts without the plugin rather than not at all.
      echo "rabbitmq-test: 127.0.0.1:$prometheus_port is in use; rabbitmq_prometheus stays off" >&2
      echo "[]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
    else
      echo "[rabbitmq_prometheus]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
    fi
    # Debian's wrapper runs the server as the rabbitmq user when started by root.
    if [ "$(id -u)" -eq 0 ] && id rabbitmq >/dev/null 2>&1; then
      chown -R rabbitmq:rabbitmq "$dir"
      runuser -u rabbitmq -- test -w "$dir" || {
        echo "RabbitMQ cannot start: the rabbitmq user cannot reach $dir; $(blocked_parent) is not open to it" >&2
        exit 1
      }
    fi
    node_log="$RABBITMQ_LOG_BASE/$RABBITMQ_NODENAME.log"
    log_offset="$(stat -c %s "$node_log" 2>/dev/null || echo 0)"
    # In the background rather than -detached, so that what the server prints before it fails lands in console.log.
    setsid rabbitmq-server </dev/null >"$dir/console.log" 2>&1 &
    server=$!
    for _ in $(seq 1 60); do
      if rabbitmqctl -n "$RABBITMQ_NODENAME" await_startup --timeout 5 >/dev/null 2>&1; then
        echo "amqp://guest:guest@127.0.0.1:$port/"
        exit 0
      fi
      kill -0 "$server" 2>/dev/null || break
      sleep 0.5
    done
    error="$(first_error)"
    # A node still booting would hold the port and the data folder: stop what this start began (its own process
    # group, see setsid), not whatever node answers to the name.
    kill -TERM -- "-$server" 2>/dev/null || true
    echo "RabbitMQ did not start (node $RABBITMQ_NODENAME, port $port): $error" >&2
    exit 1
    ;;
  stop)
    rabbitmqctl -n "$RABBITMQ_NODENAME" shutdown >/dev/null 2>&1 || true
    # shutdown can give up on a busy node; the node is stopped only once its OS process is gone (the port with it).
    pid="$(cat "$RABBITMQ_PID_FILE" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]]; then
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      if kill -0 "$pid" 2>/dev/null; then
        echo "rabbitmq-test: node $RABBITMQ_NODENAME (pid $pid) did not stop within 30 s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    ;;
  *)
    echo "usage: $0 start|stop|node DIR [PORT]" >&2; exit 2 ;;
esac
