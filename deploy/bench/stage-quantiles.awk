# Prints p50/p90/p99 per pipeline stage from two /metrics snapshots (before and after a run), using only what
# happened in between. Each quantile is the upper bound of the histogram bucket that holds it.
# Usage: awk -f stage-quantiles.awk before.txt after.txt
/^opsbot_stage_duration_seconds_bucket/ {
  match($0, /stage="[a-z]+"/); stage = substr($0, RSTART + 7, RLENGTH - 8)
  match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5)
  key = stage SUBSEP le
  if (FNR == NR) { before[key] = $NF; next }
  if (!(stage in n)) order[++stages] = stage
  n[stage]++; les[stage, n[stage]] = le; count[stage, n[stage]] = $NF - before[key]
}
END {
  printf "%-7s %8s %10s %10s %10s\n", "stage", "count", "p50 <=", "p90 <=", "p99 <=";
  for (k = 1; k <= stages; k++) {
    s = order[k]; total = count[s, n[s]]; p50 = p90 = p99 = ""
    for (i = 1; i <= n[s]; i++) {
      if (p50 == "" && count[s, i] >= 0.50 * total) p50 = les[s, i]
      if (p90 == "" && count[s, i] >= 0.90 * total) p90 = les[s, i]
      if (p99 == "" && count[s, i] >= 0.99 * total) p99 = les[s, i]
    }
    printf "%-7s %8d %9ss %9ss %9ss\n", s, total, p50, p90, p99
  }
}
