#!/usr/bin/env bash
# Throw-away RabbitMQ and PostgreSQL on 127.0.0.1 for the integration tests.
#   scripts/infra.sh up DIR     start both (data under DIR) and write DIR/env with the variables the tests read
#   scripts/infra.sh down DIR   stop both and delete DIR
# Ports: RABBITMQ_PORT (default 56720) and POSTGRES_PORT (default 56543).
set -euo pipefail
cmd="${1:?up|down}"; dir="${2:?state directory}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rabbit_port="${RABBITMQ_PORT:-56720}"
pg_port="${POSTGRES_PORT:-56543}"

case "$cmd" in
  up)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    "$here/deps.sh" >&2
    echo "infra: starting RabbitMQ on 127.0.0.1:$rabbit_port" >&2
    "$here/rabbitmq-test.sh" start "$dir/rabbitmq" "$rabbit_port" >/dev/null
    echo "infra: starting PostgreSQL on 127.0.0.1:$pg_port" >&2
    pg="$("$here/postgres-test.sh" start "$dir/postgres" "$pg_port" | tail -n 1)"
    {
      echo "EVENTS_TEST_RABBITMQ_PORT=$rabbit_port"
      echo "EVENTS_TEST_RABBITMQ_DIR=$dir/rabbitmq"
      echo "EVENTS_TEST_POSTGRES='$pg'"
    } > "$dir/env"
    echo "infra: up; variables in $dir/env" >&2
    ;;
  down)
    [ -d "$dir" ] || exit 0
    dir="$(cd "$dir" && pwd)"
    "$here/rabbitmq-test.sh" stop "$dir/rabbitmq" || true
    "$here/postgres-test.sh" stop "$dir/postgres" "$pg_port" >/dev/null 2>&1 || true
    rm -rf "$dir"
    echo "infra: down" >&2
    ;;
  *)
    echo "usage: $0 up|down DIR" >&2; exit 2 ;;
esac
