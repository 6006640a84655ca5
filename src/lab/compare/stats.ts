// Statistics for comparing kernels: confidence intervals for failure rates and a latency
// histogram with bounded memory, so a run of millions of pins can keep its full distribution.

export interface Interval {
  low: number;
  high: number;
  p: number;
}

/**
 * Wilson score interval for a binomial proportion (default z: 95 %). Chosen over the normal
 * approximation because failure rates here are often 0 or tiny, where Wald collapses to [0, 0].
 * n = 0 carries no information: {p: 0, low: 0, high: 1}.
 */
export function wilsonInterval(successes: number, n: number, z = 1.959964): Interval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be an integer in [0, ${n}], got ${successes}`);
  }
  if (n === 0) return { p: 0, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At the edges the exact bound is 0 or 1; rounding would otherwise leave 1e-17 slivers.
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === n ? 1 : Math.min(1, centre + half);
  return { p, low, high };
}

function checkPercentile(p: number): void {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
}

/** Nearest-rank rank (1-based) of percentile p among n values; p = 0 gives the minimum. */
function nearestRank(p: number, n: number): number {
  return Math.max(1, Math.ceil((p / 100) * n));
}

/**
 * Exact nearest-rank percentile of an ascending array (the reference the histogram is checked
 * against; O(1) but needs every sample). Returns 0 for an empty array, like the histogram.
 */
export function percentileExact(sorted: readonly number[], p: number): number {
  checkPercentile(p);
  if (sorted.length === 0) return 0;
  return sorted[nearestRank(p, sorted.length) - 1]!;
}

// Bucket layout (HDR-style, log-linear): values below 2 * SUB_BUCKETS are counted exactly; above,
// each power-of-two range [2^k, 2^(k+1)) is cut into SUB_BUCKETS equal slices of width 2^(k-6).
// A slice's width over its smallest value is at most 1/64, which bounds the relative error.
const SUB_BUCKET_BITS = 6;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
const EXACT_LIMIT = 2 * SUB_BUCKETS;
const TWO_POW_32 = 4294967296;
/** Largest value whose bucket boundaries are still exact in a double. */
export const HISTOGRAM_MAX_NS = Number.MAX_SAFE_INTEGER;
const BUCKET_COUNT = bucketIndex(HISTOGRAM_MAX_NS) + 1;

/** floor(log2(v)) for an integer 1 <= v < 2^53, without Math.log2's rounding near powers of two. */
function floorLog2(v: number): number {
  const hi = Math.floor(v / TWO_POW_32);
  if (hi > 0) return 63 - Math.clz32(hi);
  return 31 - Math.clz32(v);
}

function bucketIndex(v: number): number {
  if (v < EXACT_LIMIT) return v;
  const k = floorLog2(v);
  const sub = Math.floor(v / 2 ** (k - SUB_BUCKET_BITS)); // in [64, 128)
  return (k - SUB_BUCKET_BITS) * SUB_BUCKETS + sub;
}

/** Largest value that falls in bucket i (inclusive). */
function bucketUpperBound_ns(i: number): number {
  if (i < EXACT_LIMIT) return i;
  const k = Math.floor(i / SUB_BUCKETS) + SUB_BUCKET_BITS - 1;
  const sub = i - (k - SUB_BUCKET_BITS) * SUB_BUCKETS;
  return (sub + 1) * 2 ** (k - SUB_BUCKET_BITS) - 1;
}

/** Serialized form: sparse [bucket index, count] pairs in ascending index order. */
export interface LatencyHistogramJSON {
  format: "pinsim.latency-histogram";
  version: 1;
  sub_buckets: number;
  count: number;
  min_ns: number;
  max_ns: number;
  buckets: [number, number][];
}

export class LatencyHistogram {
  /** Grown on demand up to BUCKET_COUNT (24 KiB), so short-latency histograms stay small. */
  private counts: Float64Array = new Float64Array(EXACT_LIMIT);
  private total = 0;
  private lo_ns = Number.POSITIVE_INFINITY;
  private hi_ns = 0;

  get count(): number {
    return this.total;
  }
  /** Smallest recorded value, exact; 0 when empty. */
  get min_ns(): number {
    return this.total === 0 ? 0 : this.lo_ns;
  }
  /** Largest recorded value, exact; 0 when empty. */
  get max_ns(): number {
    return this.hi_ns;
  }

  /** Records `times` occurrences of a non-negative integer latency up to HISTOGRAM_MAX_NS. */
  record(ns: number, times = 1): void {
    if (!Number.isInteger(ns) || ns < 0 || ns > HISTOGRAM_MAX_NS) {
      throw new RangeError(`latency must be an integer in [0, 2^53), got ${ns}`);
    }
    if (!Number.isInteger(times) || times < 0) throw new RangeError(`times must be >= 0, got ${times}`);
    if (times === 0) return;
    const i = bucketIndex(ns);
    if (i >= this.counts.length) this.grow(i);
    this.counts[i]! += times;
    this.total += times;
    if (ns < this.lo_ns) this.lo_ns = ns;
    if (ns > this.hi_ns) this.hi_ns = ns;
  }

  /** Adds every value of `other` into this histogram (the layout is fixed, so any two merge). */
  merge(other: LatencyHistogram): void {
    if (other.total === 0) return;
    const src = other.counts;
    if (src.length > this.counts.length) this.grow(src.length - 1);
    for (let i = 0; i < src.length; i++) this.counts[i]! += src[i]!;
    this.total += other.total;
    this.lo_ns = Math.min(this.lo_ns, other.lo_ns);
    this.hi_ns = Math.max(this.hi_ns, other.hi_ns);
  }

  /**
   * Nearest-rank percentile, p in [0, 100]. Returns the upper bound of the bucket holding the
   * ranked value, clipped to max_ns: never below the exact answer and less than 1/64 above it
   * (exact below 128 ns), so a reported p99 is a safe, slightly pessimistic bound. 0 when empty.
   */
  percentile(p: number): number {
    checkPercentile(p);
    if (this.total === 0) return 0;
    return this.atRank(nearestRank(p, this.total));
  }

  /**
   * The rank-th smallest value (1-based, clipped to [1, count]), with percentile()'s rounding:
   * the upper bound of its bucket, never above max_ns. 0 when empty.
   */
  atRank(rank: number): number {
    if (this.total === 0) return 0;
    rank = Math.min(this.total, Math.max(1, Math.ceil(rank)));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(bucketUpperBound_ns(i), this.hi_ns);
    }
    return this.hi_ns;
  }

  toJSON(): LatencyHistogramJSON {
    const buckets: [number, number][] = [];
    for (let i = 0; i < this.counts.length; i++) {
      const c = this.counts[i]!;
      if (c > 0) buckets.push([i, c]);
    }
    return {
      format: "pinsim.latency-histogram",
      version: 1,
      sub_buckets: SUB_BUCKETS,
      count: this.total,
      min_ns: this.min_ns,
      max_ns: this.max_ns,
      buckets,
    };
  }

  /** Rebuilds a histogram from toJSON() output; throws on anything inconsistent. */
  static fromJSON(json: LatencyHistogramJSON): LatencyHistogram {
    if (json?.format !== "pinsim.latency-histogram" || json.version !== 1) {
      throw new TypeError("not a pinsim latency histogram (version 1)");
    }
    if (json.sub_buckets !== SUB_BUCKETS) throw new RangeError(`sub_buckets must be ${SUB_BUCKETS}`);
    const h = new LatencyHistogram();
    let sum = 0;
    let last = -1;
    for (const [i, c] of json.buckets) {
      if (!Number.isInteger(i) || i <= last || i >= BUCKET_COUNT) throw new RangeError(`bad bucket ${i}`);
      if (!Number.isInteger(c) || c <= 0) throw new RangeError(`bad count ${c} in bucket ${i}`);
      if (i >= h.counts.length) h.grow(i);
      h.counts[i] = c;
      sum += c;
      last = i;
    }
    if (sum !== json.count) throw new RangeError(`count ${json.count} != sum of buckets ${sum}`);
    h.total = sum;
    if (sum > 0) h.restoreExtremes(json.min_ns, json.max_ns);
    return h;
  }

  private restoreExtremes(min_ns: number, max_ns: number): void {
    if (!Number.isInteger(min_ns) || !Number.isInteger(max_ns) || min_ns < 0 || max_ns > HISTOGRAM_MAX_NS) {
      throw new RangeError(`bad min_ns/max_ns (${min_ns}/${max_ns})`);
    }
    const first = this.counts.findIndex((c) => c > 0);
    const last = this.counts.findLastIndex((c) => c > 0);
    if (bucketIndex(min_ns) !== first || bucketIndex(max_ns) !== last) {
      throw new RangeError(`min_ns/max_ns (${min_ns}/${max_ns}) disagree with the buckets`);
    }
    this.lo_ns = min_ns;
    this.hi_ns = max_ns;
  }

  private grow(index: number): void {
    const size = Math.min(BUCKET_COUNT, Math.max(index + 1, this.counts.length * 2));
    const next = new Float64Array(size);
    next.set(this.counts);
    this.counts = next;
  }
}
