// Footprints: the keys an event read (k) or wrote (-k - 1), as the engine records them. Two events
// of different tasks are dependent when they share a key and at least one of them wrote it.

export { CPU_KEY_BASE, cpuKey } from "../cpu_key.ts";

export function keyOf(access: number): number {
  return access < 0 ? -access - 1 : access;
}
export function isWrite(access: number): boolean {
  return access < 0;
}

/** Dependent: a common key, written by at least one side. Small arrays: a nested loop is fastest. */
export function conflicts(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const kx = x < 0 ? -x - 1 : x;
    for (let j = 0; j < b.length; j++) {
      const y = b[j]!;
      if ((y < 0 ? -y - 1 : y) === kx && (x < 0 || y < 0)) return true;
    }
  }
  return false;
}
