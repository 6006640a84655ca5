// The timed strategy's event queue, ordered by (time_ns, seq), seq being the order of insertion:
// equal times come out in the order they were scheduled, the deterministic tie-break. (time, seq)
// is a total order, so what comes out first never depends on how the queue is built.
//
// A calendar queue (R. Brown, "Calendar queues", CACM 31(10), 1988): a ring of buckets, each
// `width` ns of virtual time wide, each a list sorted by (time, seq); an event at t goes into
// bucket floor(t / width) mod nb. Taking the minimum scans forward from the current bucket, so
// both push and pop are O(1) on average where a heap is O(log n) (engine-1k keeps 1000 events
// queued; a binary heap spends most of its time in the ten levels of each sift).
//
// seq is never stored: equal times always share a bucket (the bucket is a function of the time),
// a list keeps them in insertion order (a new event goes after every event not later than it),
// and a re-build re-links each list from a stable sort by time of the lists as they were.
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
  private nextSlot = 0;
  private freeHead = -1;
  /** Virtual bucket the scan starts from: no queued event is in an earlier one. */
  private cur = 0;
  /** Slot of the minimum once found, -1 while unknown. */
  private top = -1;
  /** The top was taken (take()): it leaves at the next push (which re-uses its slot) or peek. */
  private hole = false;
  private extra = 0;
  /** Operations until the next look at `extra`. */
  private opsLeft = MIN_BUCKETS;
  private opsSince = 0;

  /** Small by default: a kernel run keeps a few events queued (one per task and CPU); it grows. */
  constructor(capacity = 64) {
    this.time_ns = new Float64Array(capacity);
    this.vb = new Float64Array(capacity);
    this.payload = new Int32Array(capacity);
    this.token = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  get size(): number {
    return this.hole ? this.n - 1 : this.n;
  }

  push(time_ns: number, payload: number, token: number): void {
    let slot: number;
    if (this.hole) {
      // Re-arm in place: the event just taken hands its slot to the one it scheduled.
      slot = this.top;
      this.unlinkTop();
    } else slot = this.allocSlot();
    const vb = Math.floor(time_ns * this.perWidth);
    this.time_ns[slot] = time_ns;
    this.vb[slot] = vb;
    this.payload[slot] = payload;
    this.token[slot] = token;
    if (this.n++ === 0 || vb < this.cur) this.cur = vb;
    this.insert(slot, vb, time_ns);
    const top = this.top;
    if (top >= 0 && time_ns < this.time_ns[top]!) this.top = slot;
    if (this.n > 2 * this.heads.length || --this.opsLeft === 0) this.review();
  }

  /** The earliest event's slot (read it with timeAt, payloadAt, tokenAt), -1 when empty. */
  peek(): number {
    if (this.hole) this.removeTop();
    const top = this.top;
    if (top >= 0) return top;
    return this.n === 0 ? -1 : this.scan();
  }

  /** What peek() returned stays readable until the next push, pop or peek. */
  timeAt(slot: number): number {
    return this.time_ns[slot]!;
  }
  payloadAt(slot: number): number {
    return this.payload[slot]!;
  }
  tokenAt(slot: number): number {
    return this.token[slot]!;
  }

  /** Removes the earliest event. */
  pop(): void {
    this.peek();
    this.removeTop();
  }

  /** Removes the earliest event at the next push or peek: read it (peek, then timeAt, payloadAt, tokenAt) first. */
  take(): void {
    this.peek();
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

  /** Links `slot` into its bucket's list, after every event not later than it (seq order). */
  private insert(slot: number, vb: number, t: number): void {
    const b = vb & this.mask;
    const tm = this.time_ns;
    const next = this.next;
    let i = this.heads[b]!;
    if (i < 0 || tm[i]! > t) {
      next[slot] = i;
      this.heads[b] = slot;
      return;
    }
    let prev = i;
    let steps = 1;
    for (i = next[i]!; i >= 0 && tm[i]! <= t; i = next[i]!) {
      prev = i;
      steps++;
    }
    this.extra += steps;
    next[slot] = i;
    next[prev] = slot;
  }

  /** Finds the minimum: the first bucket from `cur` whose head is in its own year. */
  private scan(): number {
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
    return this.scanByLap();
  }

  /** A whole lap without an event in its own year: the earliest bucket head is the minimum. */
  private scanByLap(): number {
    const nb = this.heads.length;
    this.extra += 2 * nb;
    let best = -1;
    // Equal times share a bucket, so heads of different buckets never tie.
    for (let b = 0; b < nb; b++) {
      const h = this.heads[b]!;
      if (h >= 0 && (best < 0 || this.time_ns[h]! < this.time_ns[best]!)) best = h;
    }
    this.cur = this.vb[best]!;
    this.top = best;
    return best;
  }

  /** Unlinks the top (always the head of its bucket); its slot is the caller's. */
  private unlinkTop(): void {
    this.hole = false;
    const slot = this.top;
    this.heads[this.vb[slot]! & this.mask] = this.next[slot]!;
    this.top = -1;
    this.n--;
  }

  /** Unlinks the top and frees its slot. */
  private removeTop(): void {
    const slot = this.top;
    this.unlinkTop();
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
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
    // Stable: equal times (one list, in seq order) keep their order.
    const tm = this.time_ns;
    live.sort((a, b) => (tm[a]! < tm[b]! ? -1 : tm[a]! > tm[b]! ? 1 : 0));
    let nb = MIN_BUCKETS;
    while (nb < live.length) nb *= 2;
    this.heads = new Int32Array(nb).fill(-1);
    this.mask = nb - 1;
    const k = Math.min(live.length - 1, WIDTH_SAMPLE);
    const gap = k > 0 ? (tm[live[k]!]! - tm[live[0]!]!) / k : 0;
    const width = WIDTH_GAPS * gap;
    this.perWidth = width > 0 && Number.isFinite(width) && Number.isFinite(1 / width) ? 1 / width : 1;
    this.top = -1;
    // Latest first, each to the head of its list: every list comes out in (time, seq) order.
    for (let j = live.length - 1; j >= 0; j--) {
      const i = live[j]!;
      const vb = Math.floor(tm[i]! * this.perWidth);
      this.vb[i] = vb;
      const b = vb & this.mask;
      this.next[i] = this.heads[b]!;
      this.heads[b] = i;
    }
    this.cur = live.length > 0 ? this.vb[live[0]!]! : 0;
    this.extra = 0;
    this.opsSince = 0;
  }

  private grow(): void {
    const cap = this.time_ns.length * 2;
    this.time_ns = growF64(this.time_ns, cap);
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
