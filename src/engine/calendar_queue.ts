// The timed strategy's event queue, ordered by (time_ns, seq). seq is the insertion counter, so
// equal times come out in the order they were scheduled: the deterministic tie-break. (time, seq)
// is a total order, so what comes out first never depends on how the queue is built.
//
// A calendar queue (R. Brown, "Calendar queues", CACM 31(10), 1988): a ring of buckets, each
// `width` ns of virtual time wide, each a list sorted by (time, seq); an event at t goes into
// bucket floor(t / width) mod nb. Taking the minimum scans forward from the current bucket, so
// both push and pop are O(1) on average where a heap is O(log n) (engine-1k keeps 1000 events
// queued; a binary heap spends most of its time in the ten levels of each sift).
//
// Re-sizing (the ring re-built and `width` re-measured from the queued events): when the queue
// outgrows the ring (more than 2 events per bucket) or shrinks below a quarter of it, and, checked
// once per lap of operations, when list walks and empty scans have averaged more than a few steps
// per operation: the width measured while the queue filled up is stale once it is full (engine-1k
// measured it at 300 events and then walked 3.2 list steps per operation at 1000).

const MIN_BUCKETS = 16;
/** Re-build once list walks and empty scans average more than this many steps per operation. */
const MAX_EXTRA_PER_OP = 2;
/** Events the bucket width is measured over: the earliest ones, where the dequeues happen. */
const WIDTH_SAMPLE = 64;
/** Bucket width in mean gaps between the earliest events (Brown's choice is 3). */
const WIDTH_GAPS = 3;

export class CalendarQueue {
  // Events by slot: a struct of arrays, `next` linking a bucket's list.
  private time_ns: Float64Array;
  private seq: Float64Array;
  /** floor(time_ns * perWidth): the virtual bucket, computed once per event (no division per scan). */
  private vb: Float64Array;
  private payload: Int32Array;
  private token: Int32Array;
  private next: Int32Array;
  private heads = new Int32Array(MIN_BUCKETS).fill(-1);
  private mask = MIN_BUCKETS - 1;
  /** 1 / bucket width, so that a bucket number costs a multiply (monotone in time, as the order needs). */
  private perWidth = 1;
  private n = 0;
  private nextSeq = 0;
  private nextSlot = 0;
  private freeHead = -1;
  /** Virtual bucket the scan starts from: no queued event is in an earlier one. */
  private cur = 0;
  /** Slot of the minimum once found, -1 while unknown. */
  private top = -1;
  /** The top was taken (take()): it leaves at the next push or peek. */
  private hole = false;
  private extra = 0;
  /** Operations until the next look at `extra`. */
  private opsLeft = MIN_BUCKETS;
  private opsSince = 0;

  /** Small by default: a kernel run keeps a few events queued (one per task and CPU); it grows. */
  constructor(capacity = 64) {
    this.time_ns = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.vb = new Float64Array(capacity);
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
    const vb = Math.floor(time_ns * this.perWidth);
    this.time_ns[slot] = time_ns;
    this.seq[slot] = this.nextSeq++;
    this.vb[slot] = vb;
    this.payload[slot] = payload;
    this.token[slot] = token;
    if (this.n++ === 0 || vb < this.cur) this.cur = vb;
    this.insert(slot, vb);
    if (this.top >= 0 && time_ns < this.time_ns[this.top]!) this.top = slot;
    if (this.n > 2 * this.heads.length || --this.opsLeft === 0) this.review();
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
    const t = tm[slot]!;
    let prev = -1;
    let i = this.heads[b]!;
    let steps = 0;
    // Equal times: the new event has the highest seq, so it goes after them.
    while (i >= 0 && tm[i]! <= t) {
      prev = i;
      i = this.next[i]!;
      steps++;
    }
    this.extra += steps;
    this.next[slot] = i;
    if (prev < 0) this.heads[b] = slot;
    else this.next[prev] = slot;
  }

  private findTop(): number {
    if (this.hole) this.removeTop();
    if (this.top >= 0) return this.top;
    const heads = this.heads;
    const mask = this.mask;
    const vbs = this.vb;
    const nb = heads.length;
    let vb = this.cur;
    for (let k = 0; k < nb; k++, vb++) {
      const h = heads[vb & mask]!;
      if (h >= 0 && vbs[h] === vb) {
        this.extra += k;
        this.cur = vb;
        this.top = h;
        return h;
      }
    }
    return this.findTopByLap();
  }

  /** A whole lap without an event in its own year: the earliest bucket head is the minimum. */
  private findTopByLap(): number {
    const nb = this.heads.length;
    this.extra += 2 * nb;
    let best = -1;
    for (let b = 0; b < nb; b++) {
      const h = this.heads[b]!;
      if (h >= 0 && (best < 0 || this.before(h, best))) best = h;
    }
    this.cur = this.vb[best]!;
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
    this.heads[this.vb[slot]! & this.mask] = this.next[slot]!;
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
    this.top = -1;
    this.n--;
  }

  /** Once per lap of operations (and when the queue outgrows the ring): re-build if it pays. */
  private review(): void {
    const nb = this.heads.length;
    this.opsSince += nb - this.opsLeft;
    const tooSmall = this.n > 2 * nb;
    const tooBig = nb > MIN_BUCKETS && 4 * this.n < nb;
    if (tooSmall || tooBig || this.extra > MAX_EXTRA_PER_OP * this.opsSince) this.rebuild();
    else {
      this.extra = 0;
      this.opsSince = 0;
    }
    this.opsLeft = this.heads.length;
  }

  /** New ring size and bucket width (WIDTH_GAPS mean gaps between the earliest events); re-links all. */
  private rebuild(): void {
    if (this.hole) this.removeTop();
    const live: number[] = [];
    for (let b = 0; b < this.heads.length; b++)
      for (let i = this.heads[b]!; i >= 0; i = this.next[i]!) live.push(i);
    // Descending (time, seq): each event then goes to the head of its list.
    live.sort((a, b) => (this.before(a, b) ? 1 : -1));
    let nb = MIN_BUCKETS;
    while (nb < live.length) nb *= 2;
    this.heads = new Int32Array(nb).fill(-1);
    this.mask = nb - 1;
    const last = live.length - 1;
    const k = Math.min(last, WIDTH_SAMPLE);
    const gap = k > 0 ? (this.time_ns[live[last - k]!]! - this.time_ns[live[last]!]!) / k : 0;
    const width = WIDTH_GAPS * gap;
    this.perWidth = width > 0 && Number.isFinite(width) && Number.isFinite(1 / width) ? 1 / width : 1;
    this.top = -1;
    for (const i of live) {
      const vb = Math.floor(this.time_ns[i]! * this.perWidth);
      this.vb[i] = vb;
      const b = vb & this.mask;
      this.next[i] = this.heads[b]!;
      this.heads[b] = i;
    }
    this.cur = live.length > 0 ? this.vb[live[last]!]! : 0;
    this.extra = 0;
    this.opsSince = 0;
  }

  private grow(): void {
    const cap = this.time_ns.length * 2;
    this.time_ns = growF64(this.time_ns, cap);
    this.seq = growF64(this.seq, cap);
    this.vb = growF64(this.vb, cap);
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
