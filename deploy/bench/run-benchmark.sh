#!/usr/bin/env bash
# Builds Release and benchmarks OpsBot against Alertmanager on this machine (loopback only).
# Steps (default all): compare  — alternating max-throughput rounds, OpsBot vs Alertmanager
#                      rate     — OpsBot alone at a fixed rate, for answer latency
#                      memory   — OpsBot alone, a fixed number of alerts, then its resident memory
#                      route    — new problems only (every alert a new fingerprint) at NEW_RATE: time from webhook
#                                 to routed and to the first message, per stage, after a warm-up
# Usage: deploy/bench/run-benchmark.sh [compare] [rate] [memory] [route]
# Tunables (environment): ROUNDS=3 DURATION=20s CONCURRENCY=32 BATCH=10 FINGERPRINTS=10000 WARMUP=10s
#                         RATE=2000 MEMORY_TOTAL=1000000 NEW_RATE=100 ALERTMANAGER=/usr/bin/prometheus-alertmanager
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(compare rate memory route)

ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-20s}" CONCURRENCY="${CONCURRENCY:-32}" BATCH="${BATCH:-10}"
FINGERPRINTS="${FINGERPRINTS:-10000}" WARMUP="${WARMUP:-10s}" RATE="${RATE:-2000}" MEMORY_TOTAL="${MEMORY_TOTAL:-1000000}"
NEW_RATE="${NEW_RATE:-100}"
ALERTMANAGER="${ALERTMANAGER:-/usr/bin/prometheus-alertmanager}"

echo "== building Release"
dotnet build -c Release src/OpsBot.Host/OpsBot.Host.csproj -nologo -v quiet
dotnet build -c Release tests/OpsBot.LoadTest/OpsBot.LoadTest.csproj -nologo -v quiet

bench=(dotnet "tests/OpsBot.LoadTest/bin/Release/net10.0/OpsBot.LoadTest.dll")
common=(--fingerprints "$FINGERPRINTS" --batch "$BATCH")
status=0
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
    *) echo "unknown step '$step' (compare, rate, memory, route)" >&2; exit 2 ;;
  esac
done
exit "$status"
