#!/usr/bin/env bash
# The chaos run at full size (the test suite runs the same test with its defaults): the four published services with
# two replicas each of sensor-state and trigger-dispatch, on a RabbitMQ node and a PostgreSQL cluster of its own, while
# every service is killed with kill -9 and restarted, and RabbitMQ and PostgreSQL are restarted.
#   scripts/chaos.sh     variables: EVENTS_CHAOS_EVENTS (default here 10000), EVENTS_CHAOS_RATE (relay events per
#                        second, default here 0: as fast as accepted), EVENTS_CHAOS_SEED (default: drawn, printed)
# Prints the table; the figures are in artifacts/chaos/results.json (and .txt; progress while it runs in .progress),
# the services' logs in artifacts/durable-logs/chaos/. Expects `make publish` to have run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export EVENTS_CHAOS_EVENTS="${EVENTS_CHAOS_EVENTS:-10000}"
export EVENTS_CHAOS_RATE="${EVENTS_CHAOS_RATE:-0}"
export EVENTS_CHAOS_OUTPUT="${EVENTS_CHAOS_OUTPUT:-$root/artifacts/chaos/results.json}"
rm -f "$EVENTS_CHAOS_OUTPUT" "${EVENTS_CHAOS_OUTPUT%.json}.txt"
log="$(dirname "$EVENTS_CHAOS_OUTPUT")/console.log"
mkdir -p "$(dirname "$log")"
set +e
dotnet test "$root/tests/Microservices.Events.Tests" --no-build \
  --filter "FullyQualifiedName~Microservices.Events.Tests.Durable.Chaos.ChaosTests" \
  --logger "console;verbosity=detailed" 2>&1 | tee "$log" | grep --line-buffered -E "chaos:|Passed |Failed |Error Message|lost,"
status=${PIPESTATUS[0]}
set -e
echo
if [ -f "${EVENTS_CHAOS_OUTPUT%.json}.txt" ]; then cat "${EVENTS_CHAOS_OUTPUT%.json}.txt"; fi
echo "chaos: figures in $EVENTS_CHAOS_OUTPUT, test output in $log"
exit "$status"
