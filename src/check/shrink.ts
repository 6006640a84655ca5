// Shrinking a counterexample schedule: try shorter and reordered decision lists (replayed
// leniently: what does not fit is dropped, and the rest continues without preemptions), and keep
// a candidate only if it still violates the property and is no worse in steps and in
// preemptions — so shrinking never makes a counterexample longer.

export interface Attempt {
  /** The decisions the replay actually took, up to the violation: replays it exactly. */
  readonly decisions: readonly number[];
  /** Events up to and including the violating one. */
  readonly steps: number;
  readonly preemptions: number;
}

/** Replays `decisions` leniently; null if the property is not violated. */
export type Oracle = (decisions: readonly number[]) => Attempt | null;

export interface ShrinkResult {
  readonly best: Attempt;
  readonly attempts: number;
}

export function shrink(start: Attempt, oracle: Oracle, maxAttempts = 3000): ShrinkResult {
  const s = new Shrinker(start, oracle, maxAttempts);
  s.run();
  return { best: s.best, attempts: s.attempts };
}

/** a is at least as good in steps and preemptions, and better in one of them or in length. */
export function improves(a: Attempt, b: Attempt): boolean {
  if (a.steps > b.steps || a.preemptions > b.preemptions) return false;
  return a.steps < b.steps || a.preemptions < b.preemptions || a.decisions.length < b.decisions.length;
}

class Shrinker {
  best: Attempt;
  attempts = 0;
  private readonly oracle: Oracle;
  private readonly maxAttempts: number;

  constructor(start: Attempt, oracle: Oracle, maxAttempts: number) {
    this.best = start;
    this.oracle = oracle;
    this.maxAttempts = maxAttempts;
  }

  run(): void {
    let progress = true;
    while (progress && this.attempts < this.maxAttempts) {
      progress = this.truncate() || this.deleteChunks() || this.swapAdjacent();
    }
  }

  private try(candidate: readonly number[]): boolean {
    if (this.attempts >= this.maxAttempts) return false;
    this.attempts++;
    const a = this.oracle(candidate);
    if (a === null || !improves(a, this.best)) return false;
    this.best = a;
    return true;
  }

  /** The shortest prefix whose preemption-free continuation still violates. */
  private truncate(): boolean {
    const d = this.best.decisions;
    for (let len = 0; len < d.length; len++) if (this.try(d.slice(0, len))) return true;
    return false;
  }

  /** ddmin-style: drop chunks of halving size. */
  private deleteChunks(): boolean {
    const d = this.best.decisions;
    for (let size = Math.max(1, d.length >> 1); size >= 1; size >>= 1) {
      for (let i = 0; i + size <= d.length; i += size) {
        if (this.try([...d.slice(0, i), ...d.slice(i + size)])) return true;
      }
    }
    return false;
  }

  private swapAdjacent(): boolean {
    const d = this.best.decisions;
    for (let i = 0; i + 1 < d.length; i++) {
      if (d[i] === d[i + 1]) continue;
      const c = d.slice();
      [c[i], c[i + 1]] = [c[i + 1]!, c[i]!];
      if (this.try(c)) return true;
    }
    return false;
  }
}
