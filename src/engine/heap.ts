// Min-heap of events ordered by (time_ns, seq). seq is the insertion counter, so equal times pop
// in the order they were scheduled: the deterministic tie-break of the timed strategy. (time, seq)
// is a total order, so the pop order is the same whatever the heap's shape: a seed's run does not
// depend on how this file is written.
// A binary heap, each field an array in heap order. take() lets the caller handle the top event
// before it leaves: the event that handling schedules (a task that sleeps again, a CPU's next
// step) then takes the top's place with one sift-down, instead of a sift-down and a sift-up.

export class EventHeap {
  private time_ns: Float64Array;
  private seq: Float64Array;
  private payload: Int32Array;
  private token: Int32Array;
  private n = 0;
  private nextSeq = 0;
  /** The top event was taken (take()) and is still in place: the next push overwrites it. */
  private hole = false;

  constructor(capacity = 1024) {
    this.time_ns = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.payload = new Int32Array(capacity);
    this.token = new Int32Array(capacity);
  }

  get size(): number {
    return this.hole ? this.n - 1 : this.n;
  }

  push(time_ns: number, payload: number, token: number): void {
    const s = this.nextSeq++;
    if (this.hole) {
      this.hole = false;
      this.siftDown(time_ns, s, payload, token);
      return;
    }
    if (this.n === this.time_ns.length) this.grow();
    const tm = this.time_ns;
    const sq = this.seq;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = tm[p]!;
      if (pt < time_ns || (pt === time_ns && sq[p]! < s)) break;
      this.move(p, i);
      i = p;
    }
    this.put(i, time_ns, s, payload, token);
  }

  peekTime(): number {
    if (this.hole) this.removeTop();
    return this.time_ns[0]!;
  }
  peekPayload(): number {
    if (this.hole) this.removeTop();
    return this.payload[0]!;
  }
  peekToken(): number {
    if (this.hole) this.removeTop();
    return this.token[0]!;
  }

  /** Removes the top event. */
  pop(): void {
    if (this.hole) this.removeTop();
    this.removeTop();
  }

  /** Removes the top event once the next push or peek comes: read it (peek*) first. */
  take(): void {
    if (this.hole) this.removeTop();
    this.hole = true;
  }

  private removeTop(): void {
    this.hole = false;
    const last = --this.n;
    if (last === 0) return;
    this.siftDown(this.time_ns[last]!, this.seq[last]!, this.payload[last]!, this.token[last]!);
  }

  /** Places (time_ns, s, payload, token) at the root's position and sifts it down. */
  private siftDown(time_ns: number, s: number, payload: number, token: number): void {
    const tm = this.time_ns;
    const sq = this.seq;
    const n = this.n;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (tm[r]! < tm[c]! || (tm[r] === tm[c] && sq[r]! < sq[c]!))) c = r;
      const ct = tm[c]!;
      if (time_ns < ct || (time_ns === ct && s < sq[c]!)) break;
      this.move(c, i);
      i = c;
    }
    this.put(i, time_ns, s, payload, token);
  }

  private move(from: number, to: number): void {
    this.time_ns[to] = this.time_ns[from]!;
    this.seq[to] = this.seq[from]!;
    this.payload[to] = this.payload[from]!;
    this.token[to] = this.token[from]!;
  }

  private put(i: number, time_ns: number, s: number, payload: number, token: number): void {
    this.time_ns[i] = time_ns;
    this.seq[i] = s;
    this.payload[i] = payload;
    this.token[i] = token;
  }

  private grow(): void {
    const cap = this.time_ns.length * 2;
    this.time_ns = growF64(this.time_ns, cap);
    this.seq = growF64(this.seq, cap);
    this.payload = growI32(this.payload, cap);
    this.token = growI32(this.token, cap);
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
