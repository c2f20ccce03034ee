import { LATENCY_BUCKETS_MS } from "@/db/schema/usage-rollups";

/** The histogram bucket (index into a rollup's latency_buckets) a latency falls in; the last index is the overflow. */
export function latencyBucketOf(latencyMs: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((upper) => latencyMs <= upper);
  return index === -1 ? LATENCY_BUCKETS_MS.length : index;
}

export function emptyHistogram(): number[] {
  return new Array(LATENCY_BUCKETS_MS.length + 1).fill(0);
}

/**
 * The q-th quantile (0..1) of a summed latency histogram, interpolated linearly inside the bucket it falls in.
 * Requests slower than the last bound have no upper edge, so a quantile landing there reports that bound.
 */
export function percentileFromHistogram(buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    const count = buckets[i];
    if (count === 0) continue;
    if (seen + count >= rank) {
      if (i >= LATENCY_BUCKETS_MS.length) return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1];
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1];
      const upper = LATENCY_BUCKETS_MS[i];
      return lower + ((rank - seen) / count) * (upper - lower);
    }
    seen += count;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1];
}
