#!/usr/bin/env bash
# Soak test of the embedded one-machine mode: runs `./bellwether run` (default -Xmx1g) on a fresh
# data directory for MINUTES (default 30), samples heap, RSS, readiness and ALERT lines every
# 30 s, then stops it with SIGTERM (a background job ignores SIGINT; Ctrl-C in a terminal sends
# SIGINT, which takes the same shutdown path) and checks that no process is left behind.
#   deploy/soak.sh [MINUTES] [METRICS_PORT]
set -euo pipefail

minutes="${1:-30}"
port="${2:-19464}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(mktemp -d -t bellwether-soak.XXXXXX)"
metrics="http://127.0.0.1:$port"

"$root/bellwether" run --data-dir "$data/state" --metrics-port "$port" >"$data/stdout.log" 2>"$data/stderr.log" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' EXIT
echo "soak: pid $pid, data $data, $minutes min; columns: elapsed_s heap_mib rss_mib ready alerts scored"

end=$((SECONDS + minutes * 60))
max_heap=0
max_rss=0
while ((SECONDS < end)); do
  sleep 30
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "soak: FAILED, bellwether exited early; see $data/stderr.log" >&2
    exit 1
  fi
  body="$(curl -sf "$metrics/metrics" || true)"
  heap=$(awk '/^jvm_memory_used_bytes/ && /area="heap"/ {s += $NF} END {printf "%d", s / 1048576}' <<<"$body")
  scored=$(awk '/^bellwether_classifier_items_scored_total/ {s += $NF} END {printf "%d", s}' <<<"$body")
  rss=$(($(ps -o rss= -p "$pid") / 1024))
  ready=$(curl -s -o /dev/null -w '%{http_code}' "$metrics/health/ready" || true)
  alerts=$(grep -c '^ALERT' "$data/stdout.log" || true)
  ((heap > max_heap)) && max_heap=$heap
  ((rss > max_rss)) && max_rss=$rss
  echo "$SECONDS $heap $rss $ready $alerts $scored"
done

trap - EXIT
kill -TERM "$pid"
wait "$pid" || true
if pgrep -f "bellwether.jar run --data-dir $data" >/dev/null; then
  echo "soak: FAILED, a bellwether process is still running after SIGTERM" >&2
  exit 1
fi
echo "soak: done. max heap used ${max_heap} MiB, max RSS ${max_rss} MiB, $(grep -c '^ALERT' "$data/stdout.log" || true) ALERT lines; clean exit"
