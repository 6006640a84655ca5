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
  /**
   * a, b, c, d: int32 words in a typed array, not four fields: fields holding numbers outside the
   * small-integer range are boxed, which made each draw twice as slow.
   */
  private readonly s = new Int32Array(4);

  /** Seeds the four state words from splitmix32(seed); `stream` selects an independent stream. */
  constructor(seed: number, stream = 0) {
    const st = { s: (seed ^ Math.imul(stream + 1, 0x68e31da4)) | 0 };
    const s = this.s;
    for (let i = 0; i < 4; i++) s[i] = splitmix32(st);
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[3] = 1;
  }

  /** Sets the raw state, for reference-vector tests. */
  static fromState(a: number, b: number, c: number, d: number): Prng {
    const p = new Prng(0);
    p.s.set([a, b, c, d]);
    return p;
  }

  nextU32(): number {
    const s = this.s;
    const a = s[0]!;
    const b = s[1]!;
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const c = s[2]! ^ a;
    const d = s[3]! ^ b;
    s[0] = a ^ d;
    s[1] = b ^ c;
    s[2] = c ^ (b << 9);
    s[3] = rotl(d, 11);
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
