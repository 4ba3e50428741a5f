#!/usr/bin/env bash
# Builds Release and benchmarks OpsBot against Alertmanager on this machine (loopback only).
# Steps (default all): compare  — alternating max-throughput rounds, OpsBot vs Alertmanager
#                      rate     — OpsBot alone at a fixed rate, for answer latency
#                      memory   — OpsBot alone, a fixed number of alerts, then its resident memory
# Usage: deploy/bench/run-benchmark.sh [compare] [rate] [memory]
# Tunables (environment): ROUNDS=3 DURATION=20s CONCURRENCY=32 BATCH=10 FINGERPRINTS=10000 WARMUP=10s
#                         RATE=2000 MEMORY_TOTAL=1000000 ALERTMANAGER=/usr/bin/prometheus-alertmanager
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(compare rate memory)

ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-20s}" CONCURRENCY="${CONCURRENCY:-32}" BATCH="${BATCH:-10}"
FINGERPRINTS="${FINGERPRINTS:-10000}" WARMUP="${WARMUP:-10s}" RATE="${RATE:-2000}" MEMORY_TOTAL="${MEMORY_TOTAL:-1000000}"
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
    *) echo "unknown step '$step' (compare, rate, memory)" >&2; exit 2 ;;
  esac
done
exit "$status"
