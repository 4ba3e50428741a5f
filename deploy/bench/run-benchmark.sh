#!/usr/bin/env bash
# Builds Release and benchmarks OpsBot against Alertmanager on this machine (loopback only).
# Steps (default all): compare  — alternating max-throughput rounds, OpsBot vs Alertmanager
#                      rate     — OpsBot alone at a fixed rate, for answer latency
#                      memory   — OpsBot alone, a fixed number of alerts, then its resident memory
#                      route    — new problems only (every alert a new fingerprint) at NEW_RATE: time from webhook
#                                 to routed and to the first message, per stage, after a warm-up
#                      production — production mode (PostgreSQL + RabbitMQ, deploy/local/opsbot-local on ports
#                                 PROD_PORT_BASE+1..12) with one replica, then on a fresh stack with two (requests
#                                 round-robin over both); a fake Slack (LoadTest fake-slack, port PROD_PORT_BASE+20)
#                                 takes the chat posts. Per replica count: webhook to chat post for CHAT_ALERTS new
#                                 problems at CHAT_RATE/s (Slack posts are paced at 1/s per channel, so keep it below
#                                 1); stage times for new problems at NEW_RATE; ROUNDS max-throughput runs; RATE fixed.
#                                 Not part of the default set.
# Usage: deploy/bench/run-benchmark.sh [compare] [rate] [memory] [route] [production]
# Tunables (environment): ROUNDS=3 DURATION=20s CONCURRENCY=32 BATCH=10 FINGERPRINTS=10000 WARMUP=10s
#                         RATE=2000 MEMORY_TOTAL=1000000 NEW_RATE=100 ALERTMANAGER=/usr/bin/prometheus-alertmanager
#                         PROD_PORT_BASE=29000 CHAT_RATE=0.8 CHAT_ALERTS=30 PROD_REPLICAS="1 2" DRAIN_TIMEOUT=10m
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(compare rate memory route)

ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-20s}" CONCURRENCY="${CONCURRENCY:-32}" BATCH="${BATCH:-10}"
FINGERPRINTS="${FINGERPRINTS:-10000}" WARMUP="${WARMUP:-10s}" RATE="${RATE:-2000}" MEMORY_TOTAL="${MEMORY_TOTAL:-1000000}"
NEW_RATE="${NEW_RATE:-100}"
# PROD_PORT_BASE lies below Linux's ephemeral range (32768-60999), whose ports client sockets can hold.
PROD_PORT_BASE="${PROD_PORT_BASE:-29000}" CHAT_RATE="${CHAT_RATE:-0.8}" CHAT_ALERTS="${CHAT_ALERTS:-30}"
PROD_REPLICAS="${PROD_REPLICAS:-1 2}" DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-10m}"
ALERTMANAGER="${ALERTMANAGER:-/usr/bin/prometheus-alertmanager}"

echo "== building Release"
dotnet build -c Release src/OpsBot.Host/OpsBot.Host.csproj -nologo -v quiet
dotnet build -c Release tests/OpsBot.LoadTest/OpsBot.LoadTest.csproj -nologo -v quiet

bench=(dotnet "tests/OpsBot.LoadTest/bin/Release/net10.0/OpsBot.LoadTest.dll")
common=(--fingerprints "$FINGERPRINTS" --batch "$BATCH")
status=0

# --- production step helpers ---------------------------------------------------------------------------------------
prod_work="" prod_slack=""
prod_stack() {
  OPSBOT_LOCAL_DIR="$prod_work/stack" OPSBOT_LOCAL_PORT_BASE="$PROD_PORT_BASE" OPSBOT_LOCAL_ENV="$prod_work/opsbot.env" \
    OPSBOT_HOST_DLL="$root/src/OpsBot.Host/bin/Release/net10.0/OpsBot.Host.dll" deploy/local/opsbot-local "$@"
}
prod_cleanup() {
  [ -n "$prod_work" ] || return 0
  prod_stack down --purge || true
  if [ -n "$prod_slack" ]; then kill "$prod_slack" 2>/dev/null || true; wait "$prod_slack" 2>/dev/null || true; fi
  cat "$prod_work/fake-slack.log" 2>/dev/null || true
  rm -rf "$prod_work"
  prod_work="" prod_slack=""
}
# The replicas' /metrics added up, stage histogram buckets only, in the order of the first replica's.
prod_stage_metrics() {
  local url
  for url in "$@"; do curl -fsS "${url}metrics"; done |
    awk '/^opsbot_stage_duration_seconds_bucket/ { if (!($1 in v)) o[++n] = $1; v[$1] += $NF }
         END { for (i = 1; i <= n; i++) print o[i], v[o[i]] }'
}
# Busy share of all CPUs between two snapshots of /proc/stat's first line.
cpu_snapshot() { head -n 1 /proc/stat; }
cpu_busy() {
  awk -v a="$1" -v b="$2" -v cores="$(nproc)" 'BEGIN { split(a, x); split(b, y); for (i = 2; i <= 9; i++) t += y[i] - x[i]
    idle = (y[5] - x[5]) + (y[6] - x[6]); printf "machine CPU busy %.0f %% of %d cores\n", 100 * (t - idle) / t, cores }'
}
prod_replicas() {
  local n=$1 urls pids r c0 c1
  local stack="$prod_work/stack" o1="http://127.0.0.1:$((PROD_PORT_BASE + 11))/" o2="http://127.0.0.1:$((PROD_PORT_BASE + 12))/"
  echo "== production, $n replica(s): bringing up the stack"
  prod_stack up >/dev/null
  if [ "$n" = 1 ]; then
    prod_stack stop opsbot-2
    urls=("$o1")
    pids=(--pid "$(cat "$stack/run/opsbot-1.pid")")
  else
    urls=("$o1" "$o2")
    pids=(--pid "$(cat "$stack/run/opsbot-1.pid")" --pid "$(cat "$stack/run/opsbot-2.pid")")
  fi
  prod_stack status || true
  local target=(--target opsbot --bearer-token-file "$stack/secrets/alertmanager-token" --drain-timeout "$DRAIN_TIMEOUT")
  for r in "${urls[@]}"; do target+=(--url "$r"); done
  # No warm-up per run: the stack is warm by then, and with broker accept opsbot_inbox_pending stays 0, so a run
  # could not wait for its warm-up's backlog. Fixed rate before max throughput: the latter leaves a dedupe backlog.
  local new=(--fingerprints 1000000 --batch 1 --concurrency 16 --resolved-percent 0 --warmup 0s)

  echo "-- warm-up: 2000 firing repeats of 5 alerts (so only their 5 cards go to chat)"
  "${bench[@]}" run "${target[@]}" --fingerprints 5 --resolved-percent 0 --batch 10 --concurrency 8 --rate 500 --total 2000 >/dev/null || status=$?

  # Fingerprints of their own per replica count: the fake Slack keeps the first card per alert for the whole step.
  echo "-- webhook to chat post: $CHAT_ALERTS new problems at $CHAT_RATE/s"
  "${bench[@]}" run "${target[@]}" "${new[@]}" --rate "$CHAT_RATE" --total "$CHAT_ALERTS" --first-alert $((1000 * n)) \
    --chat-stand-in "http://127.0.0.1:$((PROD_PORT_BASE + 20))" || status=$?

  echo "-- stages: new problems at $NEW_RATE/s for $DURATION (sum of the replicas' opsbot_stage_duration_seconds)"
  prod_stage_metrics "${urls[@]}" > "$prod_work/before.txt"
  "${bench[@]}" run "${target[@]}" "${new[@]}" --rate "$NEW_RATE" --duration "$DURATION" --first-alert 100000 || status=$?
  prod_stage_metrics "${urls[@]}" > "$prod_work/after.txt"
  awk -f deploy/bench/stage-quantiles.awk "$prod_work/before.txt" "$prod_work/after.txt"

  echo "-- fixed rate: $RATE alerts/s for $DURATION"
  c0=$(cpu_snapshot)
  "${bench[@]}" run "${target[@]}" "${pids[@]}" "${common[@]}" --concurrency 64 --rate "$RATE" --duration "$DURATION" --warmup 0s || status=$?
  c1=$(cpu_snapshot)
  cpu_busy "$c0" "$c1"

  for ((r = 1; r <= ROUNDS; r++)); do
    echo "-- max throughput, round $r of $ROUNDS: closed loop, concurrency $CONCURRENCY, $DURATION"
    c0=$(cpu_snapshot)
    "${bench[@]}" run "${target[@]}" "${pids[@]}" "${common[@]}" --concurrency "$CONCURRENCY" --duration "$DURATION" \
      --warmup 0s || status=$?
    c1=$(cpu_snapshot)
    cpu_busy "$c0" "$c1"
  done

  echo "-- replica logs: lines at fail/crit level or with an exception (count, then the commonest)"
  cat "$stack"/logs/opsbot-*.log | grep -cE ' (fail|crit): |Exception' || true
  cat "$stack"/logs/opsbot-*.log | grep -E ' (fail|crit): |Exception' | cut -d' ' -f2- | cut -c1-240 | sort | uniq -c | sort -rn | head -n 5 || true
  prod_stack down --purge >/dev/null
}

for step in "${steps[@]}"; do
  case "$step" in
    compare)
      echo "== compare: Alertmanager vs OpsBot, $ROUNDS rounds of $DURATION, concurrency $CONCURRENCY"
      "${bench[@]}" compare "${common[@]}" --concurrency "$CONCURRENCY" --duration "$DURATION" \
        --rounds "$ROUNDS" --warmup "$WARMUP" --alertmanager "$ALERTMANAGER" || status=$?
      ;;
    rate)
      echo "== rate: OpsBot at a fixed $RATE alerts/s for $DURATION"
      "${bench[@]}" run --target opsbot --spawn "${common[@]}" --concurrency 64 --rate "$RATE" \
        --duration "$DURATION" --warmup "$WARMUP" || status=$?
      ;;
    memory)
      echo "== memory: OpsBot after $MEMORY_TOTAL alerts over $FINGERPRINTS fingerprints"
      "${bench[@]}" run --target opsbot --spawn "${common[@]}" --concurrency "$CONCURRENCY" \
        --total "$MEMORY_TOTAL" || status=$?
      ;;
    route)
      echo "== route: new problems at $NEW_RATE alerts/s for $DURATION, one alert per request"
      work=$(mktemp -d)
      port=18190
      (cd "$work" && exec dotnet "$root/src/OpsBot.Host/bin/Release/net10.0/OpsBot.Host.dll" --Urls=http://127.0.0.1:$port \
        --Storage:SqlitePath="$work/opsbot.db" --Logging:LogLevel:Default=Warning) > "$work/host.log" 2>&1 &
      host=$!
      new=(--target opsbot --url "http://127.0.0.1:$port" --fingerprints 1000000 --batch 1 --concurrency 16 --resolved-percent 0)
      "${bench[@]}" run "${new[@]}" --rate "$NEW_RATE" --total 2000 > /dev/null || status=$?
      curl -s "http://127.0.0.1:$port/metrics" > "$work/before.txt"
      # Alert n has fingerprint n mod 1,000,000: start after the warm-up's so every measured alert is a new problem.
      "${bench[@]}" run "${new[@]}" --rate "$NEW_RATE" --duration "$DURATION" --warmup 0s --first-alert 2000 || status=$?
      curl -s "http://127.0.0.1:$port/metrics" > "$work/after.txt"
      awk -f deploy/bench/stage-quantiles.awk "$work/before.txt" "$work/after.txt"
      kill "$host"; wait "$host" 2>/dev/null || true
      rm -rf "$work"
      ;;
    production)
      prod_work=$(mktemp -d /tmp/opsbot-bench-production.XXXXXX)
      chmod 755 "$prod_work" # PostgreSQL runs as the postgres user when this runs as root: it must reach its directory
      trap prod_cleanup EXIT
      slack_port=$((PROD_PORT_BASE + 20))
      "${bench[@]}" fake-slack --port "$slack_port" > "$prod_work/fake-slack.log" 2>&1 &
      prod_slack=$!
      # Slack on (the fake), the ops team's channel with a Slack id, warnings posted at any hour (not the digest).
      cat > "$prod_work/opsbot.env" <<EOF
Chat__Slack__BotToken=xoxb-bench
Chat__Slack__ApiBaseUrl=http://127.0.0.1:$slack_port/api/
Teams__ops__Channels__0__Slack=C1
Teams__ops__Urgency__0__Severity=warning
Teams__ops__Urgency__0__InHours=notify
Teams__ops__Urgency__0__OutOfHours=notify
Logging__LogLevel__Default=Warning
EOF
      for n in $PROD_REPLICAS; do prod_replicas "$n"; done
      prod_cleanup
      trap - EXIT
      ;;
    *) echo "unknown step '$step' (compare, rate, memory, route, production)" >&2; exit 2 ;;
  esac
done
exit "$status"
