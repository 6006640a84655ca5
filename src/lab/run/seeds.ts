// Seeds of a multi-run experiment. Run i (from 0) of `--seed S --runs R` uses seed S + i (modulo
// 2^32, the PRNG's seed width), on every kernel alike: kernels are compared on the same seeds
// (common random numbers), and any one run replays alone with `--seed S+i --runs 1`.

export const DEFAULT_SEED = 1;
export const MAX_SEED = 0xffffffff;

export function seedOfRun(base: number, i: number): number {
  return (base + i) % (MAX_SEED + 1);
}

/** The seeds of runs [first, first + count) of an experiment with base seed `base`. */
export function seedRange(base: number, first: number, count: number): number[] {
  return Array.from({ length: count }, (_, j) => seedOfRun(base, first + j));
}
