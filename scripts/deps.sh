#!/usr/bin/env bash
# Installs the Debian packages the integration tests start by themselves when they are missing:
# postgresql (throw-away clusters, scripts/postgres-test.sh), rabbitmq-server, nats-server (the nats trigger's and
# source's tests, scripts/nats-test.sh), redis-server (the redis sources), mosquitto (the mqtt source) and prometheus
# (the dashboards' and alerts' test against a real Prometheus, scripts/prometheus-test.sh). Idempotent: does nothing when all are present. Runs `apt-get update` once before installing and retries while
# another apt/dpkg process holds the lock. Needs root (or sudo).
set -euo pipefail

missing=()
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
command -v rabbitmq-server >/dev/null 2>&1 || [[ -x /usr/sbin/rabbitmq-server ]] || missing+=(rabbitmq-server)
command -v nats-server >/dev/null 2>&1 || [[ -x /usr/sbin/nats-server ]] || missing+=(nats-server)
command -v redis-server >/dev/null 2>&1 || [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
command -v mosquitto >/dev/null 2>&1 || [[ -x /usr/sbin/mosquitto ]] || missing+=(mosquitto)
command -v prometheus >/dev/null 2>&1 || [[ -x /usr/bin/prometheus ]] || missing+=(prometheus)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "deps: postgresql, rabbitmq-server, nats-server, redis-server, mosquitto and prometheus are installed"
  exit 0
fi

as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "deps: need root to install ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi

# Runs an apt-get command, retrying for up to 10 minutes while the apt or dpkg lock is held.
apt_get() {
  local log attempt
  log="$(mktemp)"
  for attempt in $(seq 1 60); do
    if "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@" >"$log" 2>&1; then
      rm -f "$log"
      return 0
    fi
    if grep -qiE 'could not get lock|unable to lock|is held by process|lock-frontend' "$log"; then
      echo "deps: apt is locked by another process, retrying in 10 s (attempt $attempt)" >&2
      sleep 10
      continue
    fi
    cat "$log" >&2
    rm -f "$log"
    return 1
  done
  cat "$log" >&2
  rm -f "$log"
  echo "deps: apt stayed locked for 10 minutes" >&2
  return 1
}

echo "deps: installing ${missing[*]}"
apt_get update
apt_get install -y --no-install-recommends "${missing[@]}"
echo "deps: installed ${missing[*]}"
