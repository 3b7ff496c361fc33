#!/usr/bin/env bash
# Checks that `make infra-up` and `make infra-down` work from a checkout under a private (mode 700) folder: clones
# the committed HEAD into one, brings RabbitMQ and PostgreSQL up there, checks both answer, brings them down, and
# checks their data is gone and nothing listens any more. Ports of its own, so it can run beside `make test` and
# `make bench`: CHECK_RABBITMQ_PORT (default 31740), CHECK_POSTGRES_PORT (default 31563) and CHECK_NATS_PORT (31742).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rabbit_port="${CHECK_RABBITMQ_PORT:-31740}"
pg_port="${CHECK_POSTGRES_PORT:-31563}"
nats_port="${CHECK_NATS_PORT:-31742}"

say() { echo "check-infra-location: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
listening() { [ -n "$(ss -Htln "sport = :$1")" ]; }
infra() { env -u EVENTS_TEST_RABBITMQ_NODE RABBITMQ_PORT="$rabbit_port" POSTGRES_PORT="$pg_port" NATS_PORT="$nats_port" make --no-print-directory -C "$checkout" "$@"; }

for port in "$rabbit_port" "$((rabbit_port + 1000))" "$pg_port" "$nats_port"; do
  ! listening "$port" || fail "port $port is in use (set CHECK_RABBITMQ_PORT / CHECK_POSTGRES_PORT / CHECK_NATS_PORT)"
done

tmp="$(mktemp -d)"
checkout="$tmp/private/checkout"
cleanup() {
  if [ -d "$checkout/.state/infra" ]; then infra infra-down >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -m 700 "$tmp/private"
git clone --quiet "$root" "$checkout"
say "clone of $(git -C "$root" rev-parse --short HEAD) in $tmp/private (mode $(stat -c %a "$tmp/private"))"

infra infra-up
set -a; . "$checkout/.state/infra/env"; set +a
data="$(dirname "$EVENTS_TEST_RABBITMQ_DIR")"
case "$data" in "$tmp"/*) fail "server data $data is inside the checkout's private folder" ;; esac
rabbitmqctl -n "$EVENTS_TEST_RABBITMQ_NODE" status >/dev/null || fail "RabbitMQ node $EVENTS_TEST_RABBITMQ_NODE does not answer"
listening "$rabbit_port" || fail "nothing listens on RabbitMQ's port $rabbit_port"
[ "$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAc 'select 1')" = 1 ] || fail "PostgreSQL on port $pg_port does not answer"
listening "$nats_port" || fail "nothing listens on NATS's port $nats_port"
say "RabbitMQ (node $EVENTS_TEST_RABBITMQ_NODE, port $rabbit_port), PostgreSQL (port $pg_port) and NATS (port $nats_port) answer; data in $data"

infra infra-down
[ ! -e "$data" ] || fail "$data is still there after infra-down"
[ ! -e "$checkout/.state/infra" ] || fail "$checkout/.state/infra is still there after infra-down"
for port in "$rabbit_port" "$pg_port" "$nats_port"; do
  ! listening "$port" || fail "something still listens on port $port after infra-down"
done
say "ok: the servers started from a checkout under a mode-700 folder, and are gone with their data"
