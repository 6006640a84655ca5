// The check models, by scenario name.

import { gpuTransientRefs } from "./gpu_transient_refs.ts";
import type { CheckModel } from "./model.ts";
import { pkvmMlockOnfault } from "./pkvm_mlock_onfault.ts";

export const CHECK_MODELS: readonly CheckModel[] = [pkvmMlockOnfault, gpuTransientRefs];

export function findCheckModel(name: string): CheckModel | undefined {
  return CHECK_MODELS.find((m) => m.name === name);
}

export type { CheckModel, ModelSize, ModelWorld } from "./model.ts";
