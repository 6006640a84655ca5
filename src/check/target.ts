// What a check runs on: a model (by scenario name), a kernel config adjusted for the small
// machine, and the size. Bad names and sizes are input errors (exit 2).

import type { KernelConfig } from "../kernel/config.ts";
import { resolveKernel } from "../versions/resolve.ts";
import { CHECK_MODELS, type CheckModel, findCheckModel, type ModelSize } from "./models/index.ts";

export class CheckInputError extends Error {
  override name = "CheckInputError";
}

export interface CheckTarget {
  readonly model: CheckModel;
  /** The kernel spec as given (e.g. "v6.15+hugh-refcount-check"). */
  readonly kernel: string;
  readonly config: KernelConfig;
  readonly size: ModelSize;
}

export function resolveCheckTarget(
  modelName: string,
  kernel: string | undefined,
  size: Partial<ModelSize>,
): CheckTarget {
  const model = findCheckModel(modelName);
  if (model === undefined) {
    throw new CheckInputError(
      `no check model for scenario "${modelName}"; models: ${CHECK_MODELS.map((m) => m.name).join(", ")}`,
    );
  }
  const s: ModelSize = { cpus: size.cpus ?? model.size.cpus, folios: size.folios ?? model.size.folios };
  within(model, "cpus", s.cpus);
  within(model, "folios", s.folios);
  const spec = kernel ?? model.defaultKernel;
  return { model, kernel: spec, config: model.adjust(resolveKernel(spec), s), size: s };
}

function within(model: CheckModel, field: keyof ModelSize, value: number): void {
  const lo = model.minSize[field];
  const hi = model.maxSize[field];
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new CheckInputError(`--${field} ${value}: the ${model.name} model takes ${lo}..${hi}`);
  }
}
