# Sourced by the scripts that start a throw-away test server: stopping the process whose pid is in DIR/pid.
#   stop_server_process DIR [TENTHS]   TERM, then KILL when it still runs after TENTHS tenths of a second (default 100);
#                                      removes DIR/pid. Nothing to do without a pid file.
stop_server_process() {
  local dir="$1" tenths="${2:-100}" pid
  [ -s "$dir/pid" ] || return 0
  pid="$(cat "$dir/pid")"
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 1 "$tenths"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/pid"
}
