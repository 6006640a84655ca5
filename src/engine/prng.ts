// xoshiro128** (Blackman & Vigna), seeded through splitmix32, written here so that no
// dependency upgrade can ever change what a seed means.

/** splitmix32: expands one 32-bit seed into a stream of well-mixed words. */
export function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds the four state words from splitmix32(seed); `stream` selects an independent stream. */
  constructor(seed: number, stream = 0) {
    const st = { s: (seed ^ Math.imul(stream + 1, 0x68e31da4)) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** Sets the raw state, for reference-vector tests. */
  static fromState(a: number, b: number, c: number, d: number): Prng {
    const p = new Prng(0);
    p.a = a | 0;
    p.b = b | 0;
    p.c = c | 0;
    p.d = d | 0;
    return p;
  }

  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  nextFloat(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n), unbiased (rejection sampling). */
  nextInt(n: number): number {
    if (n <= 1) return 0;
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** Exponentially distributed with the given mean. */
  nextExponential(mean: number): number {
    return -Math.log(1 - this.nextFloat()) * mean;
  }

  /** Standard normal via Box-Muller (one value per call; the pair's twin is discarded for simplicity). */
  nextNormal(): number {
    const u1 = 1 - this.nextFloat();
    const u2 = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
