// What a check runs on: a model (by scenario name), a kernel config adjusted for the small
// machine, and the size. The command line resolves the kernel name (its own, the model's default
// or a replay token's); bad model names and sizes are input errors (exit 2).

import type { KernelConfig } from "../kernel/config.ts";
import { CHECK_MODELS, type CheckModel, findCheckModel, type ModelSize } from "./models/index.ts";

export class CheckInputError extends Error {
  override name = "CheckInputError";
}

export interface CheckTarget {
  readonly model: CheckModel;
  /** The resolved kernel after the model's small-machine changes; its name is the kernel as given. */
  readonly config: KernelConfig;
  readonly size: ModelSize;
}

/** The check model for scenario `name`. */
export function checkModel(name: string): CheckModel {
  const model = findCheckModel(name);
  if (model === undefined) {
    throw new CheckInputError(
      `no check model for scenario "${name}"; models: ${CHECK_MODELS.map((m) => m.name).join(", ")}`,
    );
  }
  return model;
}

/** The model's size with the given overrides, within the model's limits. */
export function checkSize(model: CheckModel, size: Partial<ModelSize>): ModelSize {
  const s: ModelSize = { cpus: size.cpus ?? model.size.cpus, folios: size.folios ?? model.size.folios };
  within(model, "cpus", s.cpus);
  within(model, "folios", s.folios);
  return s;
}

export function checkTarget(model: CheckModel, config: KernelConfig, size: ModelSize): CheckTarget {
  return { model, config: model.adjust(config, size), size };
}

function within(model: CheckModel, field: keyof ModelSize, value: number): void {
  const lo = model.minSize[field];
  const hi = model.maxSize[field];
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new CheckInputError(`--${field} ${value}: the ${model.name} model takes ${lo}..${hi}`);
  }
}
