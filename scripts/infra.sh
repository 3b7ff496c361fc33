#!/usr/bin/env bash
# Throw-away RabbitMQ, PostgreSQL and NATS on 127.0.0.1 for the integration tests.
#   scripts/infra.sh up DIR     start both and write DIR/env with the variables the tests read
#   scripts/infra.sh down DIR   stop both and delete their data and DIR
# Their data lives outside DIR, in /tmp/events-infra-<hash of DIR> (recorded in DIR/data-dir), where the rabbitmq and
# postgres users can reach it wherever the checkout is. Ports: RABBITMQ_PORT (default 31720) and POSTGRES_PORT (default
# 31543), NATS_PORT (default 31722): below Linux's ephemeral range (32768-60999), as is RabbitMQ's distribution port
# (RABBITMQ_PORT + 1000), so no outgoing connection can be holding them when a server starts.
# The RabbitMQ node is EVENTS_TEST_RABBITMQ_NODE when set, else one named after its data folder.
set -euo pipefail
cmd="${1:?up|down}"; dir="${2:?state directory}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rabbit_port="${RABBITMQ_PORT:-31720}"
pg_port="${POSTGRES_PORT:-31543}"
nats_port="${NATS_PORT:-31722}"

# The data folder recorded by `up`, else the one it would choose.
data_dir() {
  if [ -s "$dir/data-dir" ]; then cat "$dir/data-dir"; else echo "/tmp/events-infra-$(printf '%s' "$dir" | sha256sum | cut -c1-10)"; fi
}

case "$cmd" in
  up)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    "$here/deps.sh" >&2
    data="$(data_dir)"
    mkdir -p "$data"
    [ -d "$data" ] && [ ! -L "$data" ] && [ -O "$data" ] || { echo "infra: $data exists and is not a folder of ours" >&2; exit 1; }
    chmod 755 "$data"
    echo "$data" > "$dir/data-dir"
    node="$("$here/rabbitmq-test.sh" node "$data/rabbitmq")"
    echo "$node" > "$dir/node"
    echo "infra: starting RabbitMQ on 127.0.0.1:$rabbit_port (node $node, data in $data)" >&2
    "$here/rabbitmq-test.sh" start "$data/rabbitmq" "$rabbit_port" >/dev/null
    echo "infra: starting PostgreSQL on 127.0.0.1:$pg_port" >&2
    pg="$("$here/postgres-test.sh" start "$data/postgres" "$pg_port" | tail -n 1)"
    echo "infra: starting NATS on 127.0.0.1:$nats_port" >&2
    nats="$("$here/nats-test.sh" start "$data/nats" "$nats_port" | tail -n 1)"
    {
      echo "EVENTS_TEST_RABBITMQ_PORT=$rabbit_port"
      echo "EVENTS_TEST_RABBITMQ_DIR=$data/rabbitmq"
      echo "EVENTS_TEST_RABBITMQ_NODE=$node"
      echo "EVENTS_TEST_POSTGRES='$pg'"
      echo "EVENTS_TEST_NATS_URL=$nats"
    } > "$dir/env"
    echo "infra: up; variables in $dir/env" >&2
    ;;
  down)
    [ -d "$dir" ] || exit 0
    dir="$(cd "$dir" && pwd)"
    if [ ! -s "$dir/data-dir" ] && [ -d "$dir/rabbitmq" -o -d "$dir/postgres" ]; then
      # Started by an earlier version of this script: data inside DIR, node named after the data folder.
      data="$dir"; node="events-test-rabbitmq@localhost"
    else
      data="$(data_dir)"
      node="$(cat "$dir/node" 2>/dev/null || "$here/rabbitmq-test.sh" node "$data/rabbitmq")"
    fi
    EVENTS_TEST_RABBITMQ_NODE="$node" "$here/rabbitmq-test.sh" stop "$data/rabbitmq" || true
    if [ -d "$data" ] && [ ! -L "$data" ] && [ -O "$data" ]; then
      "$here/nats-test.sh" stop "$data/nats" || true
      "$here/postgres-test.sh" stop "$data/postgres" "$pg_port" >/dev/null 2>&1 || true
      rm -rf "$data"
    else
      [ ! -e "$data" ] || echo "infra: $data is not a folder of ours; left alone" >&2
    fi
    rm -rf "$dir"
    echo "infra: down" >&2
    ;;
  *)
    echo "usage: $0 up|down DIR" >&2; exit 2 ;;
esac
