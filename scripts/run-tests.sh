#!/usr/bin/env bash
# The test suite: brings RabbitMQ and PostgreSQL up for the integration tests, runs every test, brings them down.
#   scripts/run-tests.sh RESULTS_DIR [dotnet test arguments...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
results="${1:?results directory}"; shift
infra="$root/.state/infra"

cleanup() { "$here/infra.sh" down "$infra" || true; }
trap cleanup EXIT
if "$here/infra.sh" up "$infra"; then
  set -a; source "$infra/env"; set +a
elif [ "${CI:-}" = "true" ]; then
  echo "run-tests: RabbitMQ/PostgreSQL could not be started and CI=true" >&2
  exit 1
else
  echo "run-tests: RabbitMQ/PostgreSQL could not be started; integration tests will report themselves skipped" >&2
fi

rm -rf "$results" && mkdir -p "$results"
status=0
dotnet test "$root/Microservices.Events.sln" --no-build --logger "trx;LogFileName=results.trx" \
  --logger "console;verbosity=minimal" --results-directory "$results" "$@" 2>&1 | tee "$results/console.log" || status=$?
"$here/test-summary.sh" "$results" || status=1
exit "$status"
