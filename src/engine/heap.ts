// Min-heap of events ordered by (time_ns, seq). seq is the insertion counter, so equal times pop
// in the order they were scheduled: the deterministic tie-break of the timed strategy.
// A 4-ary heap of slot numbers: sifting moves one int per level, and the tree is half as deep as
// a binary one (engine-1k spends most of its time here).

export class EventHeap {
  private time_ns: Float64Array;
  private seq: Float64Array;
  private payload: Int32Array;
  private token: Int32Array;
  private heap: Int32Array;
  private free: Int32Array;
  private nFree = 0;
  private n = 0;
  private nextSeq = 0;
  private nextSlot = 0;

  constructor(capacity = 1024) {
    this.time_ns = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.payload = new Int32Array(capacity);
    this.token = new Int32Array(capacity);
    this.heap = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  push(time_ns: number, payload: number, token: number): void {
    const slot = this.nFree > 0 ? this.free[--this.nFree]! : this.takeSlot();
    const s = this.nextSeq++;
    this.time_ns[slot] = time_ns;
    this.seq[slot] = s;
    this.payload[slot] = payload;
    this.token[slot] = token;
    const heap = this.heap;
    const tm = this.time_ns;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const ps = heap[p]!;
      const pt = tm[ps]!;
      if (pt < time_ns || (pt === time_ns && this.seq[ps]! < s)) break;
      heap[i] = ps;
      i = p;
    }
    heap[i] = slot;
  }

  peekTime(): number {
    return this.time_ns[this.heap[0]!]!;
  }
  peekPayload(): number {
    return this.payload[this.heap[0]!]!;
  }
  peekToken(): number {
    return this.token[this.heap[0]!]!;
  }

  pop(): void {
    const heap = this.heap;
    this.free[this.nFree++] = heap[0]!;
    const last = --this.n;
    if (last === 0) return;
    const slot = heap[last]!;
    const tm = this.time_ns;
    const sq = this.seq;
    const t = tm[slot]!;
    const s = sq[slot]!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= last) break;
      let c = first;
      let ct = tm[heap[c]!]!;
      const end = first + 4 < last ? first + 4 : last;
      for (let k = first + 1; k < end; k++) {
        const kt = tm[heap[k]!]!;
        if (kt < ct || (kt === ct && sq[heap[k]!]! < sq[heap[c]!]!)) {
          c = k;
          ct = kt;
        }
      }
      if (t < ct || (t === ct && s < sq[heap[c]!]!)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = slot;
  }

  private takeSlot(): number {
    if (this.nextSlot === this.heap.length) this.grow();
    return this.nextSlot++;
  }

  private grow(): void {
    const cap = this.heap.length * 2;
    this.time_ns = growF64(this.time_ns, cap);
    this.seq = growF64(this.seq, cap);
    this.payload = growI32(this.payload, cap);
    this.token = growI32(this.token, cap);
    this.heap = growI32(this.heap, cap);
    this.free = growI32(this.free, cap);
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
