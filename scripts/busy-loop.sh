#!/usr/bin/env bash
# Loads the CPU the way a busy shared machine does: `scripts/busy-loop.sh N SECONDS [-- command …]` starts N CPU-bound
# loops that end after SECONDS at the latest. With a command, runs it meanwhile and stops the loops when it ends
# (exit status: the command's); without one, waits until the loops end. Ctrl-C or a kill stops the loops too.
set -euo pipefail
count=${1:-2}
seconds=${2:-1200}
shift $(( $# >= 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT TERM

for _ in $(seq "$count"); do
  # timeout bounds each loop even if this script is killed with SIGKILL and its trap never runs.
  timeout "$seconds" bash -c 'while :; do :; done' &
  pids+=("$!")
done
echo "busy-loop: $count loops for at most ${seconds}s (pids ${pids[*]})" >&2

if [ $# -gt 0 ]; then
  "$@"
else
  wait "${pids[@]}" || true
fi
