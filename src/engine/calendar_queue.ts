// The timed strategy's event queue, ordered by (time_ns, seq). seq is the insertion counter, so
// equal times come out in the order they were scheduled: the deterministic tie-break. (time, seq)
// is a total order, so what comes out first never depends on how the queue is built.
//
// A calendar queue (R. Brown, "Calendar queues", CACM 31(10), 1988): a ring of buckets, each
// `width` ns of virtual time wide, each a list sorted by (time, seq); an event at t goes into
// bucket floor(t / width) mod nb. Taking the minimum scans forward from the current bucket, so
// both push and pop are O(1) on average where a heap is O(log n) (engine-1k keeps 1000 events
// queued; a binary heap spends most of its time in the ten levels of each sift). The ring is
// re-sized and `width` re-measured from the queued events when the queue outgrows it or the
// work per operation (list walks, empty laps) drifts above a few steps.

const MIN_BUCKETS = 16;
/** Rebuild once list walks and empty scans average more than this many steps per operation. */
const MAX_EXTRA_PER_OP = 4;
/** Events the bucket width is measured over: the earliest ones, where the dequeues happen. */
const WIDTH_SAMPLE = 64;

export class CalendarQueue {
  // Events by slot: a struct of arrays, `next` linking a bucket's list.
  private time_ns: Float64Array;
  private seq: Float64Array;
  private payload: Int32Array;
  private token: Int32Array;
  private next: Int32Array;
  private heads = new Int32Array(MIN_BUCKETS).fill(-1);
  private mask = MIN_BUCKETS - 1;
  private width = 1;
  private n = 0;
  private nextSeq = 0;
  private nextSlot = 0;
  private freeHead = -1;
  /** Virtual bucket (floor(time / width)) the scan starts from: no queued event is earlier. */
  private cur = 0;
  /** Slot of the minimum once found, -1 while unknown. */
  private top = -1;
  /** The top was taken (take()): it leaves at the next push or peek. */
  private hole = false;
  private extra = 0;
  private ops = 0;

  /** Small by default: a kernel run keeps a few events queued (one per task and CPU); it grows. */
  constructor(capacity = 64) {
    this.time_ns = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.payload = new Int32Array(capacity);
    this.token = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  get size(): number {
    return this.hole ? this.n - 1 : this.n;
  }

  push(time_ns: number, payload: number, token: number): void {
    if (this.hole) this.removeTop();
    const slot = this.allocSlot();
    this.time_ns[slot] = time_ns;
    this.seq[slot] = this.nextSeq++;
    this.payload[slot] = payload;
    this.token[slot] = token;
    this.n++;
    const vb = Math.floor(time_ns / this.width);
    if (this.n === 1 || vb < this.cur) this.cur = vb;
    this.insert(slot, vb);
    if (this.top >= 0 && time_ns < this.time_ns[this.top]!) this.top = slot;
    if (this.n > 2 * this.heads.length || this.extra > MAX_EXTRA_PER_OP * ++this.ops + this.n) this.rebuild();
  }

  peekTime(): number {
    return this.time_ns[this.findTop()]!;
  }
  peekPayload(): number {
    return this.payload[this.findTop()]!;
  }
  peekToken(): number {
    return this.token[this.findTop()]!;
  }

  /** Removes the earliest event. */
  pop(): void {
    this.findTop();
    this.removeTop();
  }

  /** Removes the earliest event at the next push or peek: read it (peek*) first. */
  take(): void {
    this.findTop();
    this.hole = true;
  }

  private allocSlot(): number {
    const free = this.freeHead;
    if (free >= 0) {
      this.freeHead = this.next[free]!;
      return free;
    }
    if (this.nextSlot === this.time_ns.length) this.grow();
    return this.nextSlot++;
  }

  /** Links `slot` into its bucket's list, after every event that comes before it. */
  private insert(slot: number, vb: number): void {
    const b = vb & this.mask;
    const tm = this.time_ns;
    const sq = this.seq;
    const t = tm[slot]!;
    const s = sq[slot]!;
    let prev = -1;
    let i = this.heads[b]!;
    while (i >= 0 && (tm[i]! < t || (tm[i] === t && sq[i]! < s))) {
      prev = i;
      i = this.next[i]!;
      this.extra++;
    }
    this.next[slot] = i;
    if (prev < 0) this.heads[b] = slot;
    else this.next[prev] = slot;
  }

  private findTop(): number {
    if (this.hole) this.removeTop();
    if (this.top >= 0) return this.top;
    const w = this.width;
    const nb = this.heads.length;
    for (let k = 0; k < nb; k++) {
      const vb = this.cur + k;
      const h = this.heads[vb & this.mask]!;
      if (h >= 0 && Math.floor(this.time_ns[h]! / w) === vb) {
        this.cur = vb;
        this.top = h;
        return h;
      }
    }
    // A whole lap without an event in its own year: the earliest bucket head is the minimum.
    this.extra += nb;
    let best = -1;
    for (let b = 0; b < nb; b++) {
      const h = this.heads[b]!;
      if (h >= 0 && (best < 0 || this.before(h, best))) best = h;
    }
    this.cur = Math.floor(this.time_ns[best]! / w);
    this.top = best;
    return best;
  }

  private before(a: number, b: number): boolean {
    const ta = this.time_ns[a]!;
    const tb = this.time_ns[b]!;
    return ta < tb || (ta === tb && this.seq[a]! < this.seq[b]!);
  }

  /** Unlinks the top (always the head of its bucket) and frees its slot. */
  private removeTop(): void {
    this.hole = false;
    const slot = this.top;
    const b = Math.floor(this.time_ns[slot]! / this.width) & this.mask;
    this.heads[b] = this.next[slot]!;
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
    this.top = -1;
    this.n--;
  }

  /** New ring size and bucket width (three mean gaps between the earliest events); re-links all. */
  private rebuild(): void {
    const live: number[] = [];
    for (let b = 0; b < this.heads.length; b++)
      for (let i = this.heads[b]!; i >= 0; i = this.next[i]!) live.push(i);
    const times = live.map((i) => this.time_ns[i]!).sort((a, b) => a - b);
    let nb = MIN_BUCKETS;
    while (nb < live.length) nb *= 2;
    this.heads = new Int32Array(nb).fill(-1);
    this.mask = nb - 1;
    const k = Math.min(times.length - 1, WIDTH_SAMPLE);
    const gap = k > 0 ? (times[k]! - times[0]!) / k : 0;
    this.width = gap > 0 && Number.isFinite(gap) ? 3 * gap : 1;
    this.top = -1;
    for (const i of live) this.insert(i, Math.floor(this.time_ns[i]! / this.width));
    this.cur = live.length > 0 ? Math.floor(times[0]! / this.width) : 0;
    this.extra = 0;
    this.ops = 0;
  }

  private grow(): void {
    const cap = this.time_ns.length * 2;
    this.time_ns = growF64(this.time_ns, cap);
    this.seq = growF64(this.seq, cap);
    this.payload = growI32(this.payload, cap);
    this.token = growI32(this.token, cap);
    this.next = growI32(this.next, cap);
  }
}

function growF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}
function growI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
