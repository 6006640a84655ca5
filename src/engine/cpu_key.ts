// The footprint key of a CPU's ownership (who runs there), for the model checker's dependence
// relation. It sits above the engine's wait-queue keys.

export const CPU_KEY_BASE = (1 << 29) + (1 << 20);

export function cpuKey(cpu: number): number {
  return CPU_KEY_BASE + cpu;
}
