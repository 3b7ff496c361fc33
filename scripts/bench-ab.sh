#!/usr/bin/env bash
# Compares two builds with alternated bench runs: scripts/bench-ab.sh REV_A REV_B ROUNDS [bench arguments...]
# Each revision is checked out in a worktree of its own and its four services are published in Release; then ROUNDS
# rounds run the bench once per build, A first in odd rounds and B first in even ones (so a drift of the machine
# through the series falls on both), each run with its own throw-away servers (scripts/bench.sh of that revision).
# The worktrees are made in a temporary directory outside this checkout and removed at the end; reports, logs and
# the comparison (median, range, apart) printed at the end by this checkout's bench (--compare) stay in
# artifacts/bench-ab/<time>/. The open-loop and scale parts are not compared: pass --skip-open-loop --skip-scale.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
if [ $# -lt 3 ]; then
  echo "usage: $0 REV_A REV_B ROUNDS [bench arguments, e.g. --skip-scale --skip-open-loop]" >&2
  exit 2
fi
rev_a="$1" rev_b="$2" rounds="$3"; shift 3
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench-ab: ROUNDS must be a positive whole number, not '$rounds'" >&2
  exit 2
fi
for arg in "$@"; do
  case "$arg" in --out|--compare|--micro) echo "bench-ab: $arg is set by bench-ab itself or cannot be compared" >&2; exit 2 ;; esac
done
cd "$root"
sha_a="$(git rev-parse --verify --quiet "$rev_a^{commit}")" || { echo "bench-ab: $rev_a is not a revision here" >&2; exit 2; }
sha_b="$(git rev-parse --verify --quiet "$rev_b^{commit}")" || { echo "bench-ab: $rev_b is not a revision here" >&2; exit 2; }
out="$root/artifacts/bench-ab/$(date -u +%Y%m%dT%H%M%SZ)"
trees="$(mktemp -d "${TMPDIR:-/tmp}/bench-ab.XXXXXX")"
mkdir -p "$out/reports/A" "$out/reports/B" "$out/logs"
child=""
# A process and everything it started, innermost first: the bench's own process, then its script (whose exit trap stops
# its servers once the bench is gone).
stop_tree() {
  local kid
  for kid in $(ps -o pid= --ppid "$1" 2>/dev/null); do stop_tree "$kid"; done
  kill -TERM "$1" 2>/dev/null || true
}
cleanup() {
  if [ -n "$child" ]; then
    stop_tree "$child"
    wait "$child" 2>/dev/null || true
  fi
  for side in A B; do
    # A run cut short may have left its throw-away servers up: stopped with the scripts of their own revision.
    if [ -d "$trees/$side/.state/bench-infra" ]; then
      "$trees/$side/scripts/infra.sh" down "$trees/$side/.state/bench-infra" >/dev/null 2>&1 || true
    fi
    if [ -d "$trees/$side" ]; then
      git -C "$root" worktree remove --force "$trees/$side" >/dev/null 2>&1 || true
    fi
  done
  git -C "$root" worktree prune >/dev/null 2>&1 || true
  rm -rf "$trees"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
printf 'A %s %s\nB %s %s\nrounds %s\narguments %s\n' "$rev_a" "$sha_a" "$rev_b" "$sha_b" "$rounds" "$*" > "$out/about.txt"

services="ingress:Microservices.Events.Ingress bus-gateway:Microservices.Events.BusGateway sensor-state:Microservices.Events.SensorState trigger-dispatch:Microservices.Events.TriggerDispatch"
for side in A B; do
  sha="$sha_a"; [ "$side" = B ] && sha="$sha_b"
  git worktree add --detach --force "$trees/$side" "$sha" >/dev/null 2>"$out/logs/worktree-$side.log" \
    || { echo "bench-ab: checking out $side failed (see $out/logs/worktree-$side.log)" >&2; exit 1; }
  for s in $services; do
    name="${s%%:*}" project="${s#*:}"
    dotnet publish "$trees/$side/services/$name/$project.csproj" -c Release -o "$trees/$side/publish/$name" > "$out/logs/publish-$side-$name.log" 2>&1 \
      || { echo "bench-ab: publishing $name of $side failed (see $out/logs/publish-$side-$name.log)" >&2; exit 1; }
  done
  echo "bench-ab: $side = $sha published"
done

for round in $(seq 1 "$rounds"); do
  order="A B"; [ $((round % 2)) -eq 0 ] && order="B A"
  for side in $order; do
    BENCH_PUBLISH_DIR="$trees/$side/publish" "$trees/$side/scripts/bench.sh" "$@" --out "$out/reports/$side/run-$round.json" > "$out/logs/run-$side-$round.log" 2>&1 &
    child=$!
    wait "$child" || { echo "bench-ab: round $round of $side failed (see $out/logs/run-$side-$round.log)" >&2; child=""; exit 1; }
    child=""
    echo "bench-ab: round $round of $rounds, $side done ($(date -u +%T))"
  done
done

dotnet build "$root/tests/Microservices.Events.Bench" -c Release > "$out/logs/compare-build.log" 2>&1 \
  || { echo "bench-ab: building this checkout's bench failed (see $out/logs/compare-build.log); the reports are in $out/reports" >&2; exit 1; }
dotnet "$root/tests/Microservices.Events.Bench/bin/Release/net10.0/Microservices.Events.Bench.dll" --compare "$out/reports/A" "$out/reports/B" | tee "$out/comparison.txt"
