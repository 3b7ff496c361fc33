#!/usr/bin/env bash
# Starts or stops a throw-away RabbitMQ node on 127.0.0.1 whose data lives under DIR.
#   scripts/rabbitmq-test.sh start DIR PORT   -> prints the AMQP URI once the node accepts connections
#   scripts/rabbitmq-test.sh stop DIR
set -euo pipefail
cmd="${1:?start|stop}"; dir="${2:?data directory}"; port="${3:-5672}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
# EVENTS_TEST_RABBITMQ_NODE names the node when two run side by side (make bench beside make test).
export RABBITMQ_NODENAME="${EVENTS_TEST_RABBITMQ_NODE:-events-test-$(basename "$dir")@localhost}"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$port"
if [ "$port" -lt 60000 ]; then dist=$((port + 1000)); else dist=$((port - 1000)); fi
export RABBITMQ_DIST_PORT="$dist"
export RABBITMQ_MNESIA_BASE="$dir/mnesia"
export RABBITMQ_LOG_BASE="$dir/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
export RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export HOME="${HOME:-/root}"

case "$cmd" in
  start)
    command -v rabbitmq-server >/dev/null || { echo "rabbitmq-server is not installed (make deps)" >&2; exit 1; }
    mkdir -p "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
    [ -f "$RABBITMQ_ENABLED_PLUGINS_FILE" ] || echo "[]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
    # Debian's wrapper runs the server as the rabbitmq user when started by root.
    if id rabbitmq >/dev/null 2>&1; then chown -R rabbitmq:rabbitmq "$dir"; fi
    rabbitmq-server -detached >"$dir/console.log" 2>&1
    for _ in $(seq 1 60); do
      if rabbitmqctl -n "$RABBITMQ_NODENAME" await_startup --timeout 5 >/dev/null 2>&1; then
        echo "amqp://guest:guest@127.0.0.1:$port/"
        exit 0
      fi
      if ! epmd -names 2>/dev/null | grep -q "name ${RABBITMQ_NODENAME%@*} " && [ -s "$RABBITMQ_LOG_BASE/${RABBITMQ_NODENAME}.log" ] && grep -q "BOOT FAILED" "$RABBITMQ_LOG_BASE/${RABBITMQ_NODENAME}.log"; then
        break
      fi
      sleep 0.5
    done
    echo "RabbitMQ did not start; see $RABBITMQ_LOG_BASE" >&2
    exit 1
    ;;
  stop)
    rabbitmqctl -n "$RABBITMQ_NODENAME" shutdown >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
