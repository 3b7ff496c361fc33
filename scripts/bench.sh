#!/usr/bin/env bash
# Runs the benchmark (tests/Microservices.Events.Bench) in Release with the given arguments. Unless --skip-durable is
# among them, starts a throw-away RabbitMQ and PostgreSQL first (ports of their own, so a running `make test` is not
# disturbed) and stops them on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
dir="$root/.state/bench-infra"
export RABBITMQ_PORT="${BENCH_RABBITMQ_PORT:-31620}" POSTGRES_PORT="${BENCH_POSTGRES_PORT:-31643}" NATS_PORT="${BENCH_NATS_PORT:-31622}"
# A node name of its own: the test infrastructure's node may be running too.
export EVENTS_TEST_RABBITMQ_NODE="${BENCH_RABBITMQ_NODE:-events-test-bench@localhost}"
cd "$root"
case " $* " in
  *" --skip-durable "*|*" --micro "*) ;;
  *)
    trap '"$here/infra.sh" down "$dir"' EXIT
    "$here/infra.sh" up "$dir"
    set -a; . "$dir/env"; set +a
    ;;
esac
dotnet build tests/Microservices.Events.Bench -c Release >/dev/null
dotnet tests/Microservices.Events.Bench/bin/Release/net10.0/Microservices.Events.Bench.dll "$@"
