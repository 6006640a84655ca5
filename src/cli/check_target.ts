// `check`'s and `replay`'s target: the model, its size, and the kernel name (given, the model's
// default, or the replay token's) resolved to its KernelConfig here, at the command line.

import type { ModelSize } from "../check/models/index.ts";
import { type CheckTarget, checkModel, checkSize, checkTarget } from "../check/target.ts";
import { resolveKernel } from "../versions/resolve.ts";

export function resolveCheckTarget(
  modelName: string,
  kernel: string | undefined,
  size: Partial<ModelSize>,
): CheckTarget {
  const model = checkModel(modelName);
  const s = checkSize(model, size);
  return checkTarget(model, resolveKernel(kernel ?? model.defaultKernel), s);
}
