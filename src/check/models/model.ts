// A check model: a small configuration of a scenario, built directly from kernel entry points,
// that the model checker can explore exhaustively. Keyed by the scenario's name; --cpus and
// --folios shrink or grow it within its limits.

import type { Proc } from "../../engine/op.ts";
import type { KernelConfig } from "../../kernel/config.ts";
import type { Kernel, KTask } from "../../kernel/kernel.ts";
import type { Mm } from "../../kernel/mm.ts";
import type { ZoneLayout } from "../../kernel/page_alloc.ts";
import type { PropertySpec } from "../../scenarios/scenario.ts";
import type { PinLog } from "./pin_log.ts";

export interface ModelSize {
  readonly cpus: number;
  readonly folios: number;
}

export type TaskBody = (k: Kernel, task: KTask) => Proc<unknown>;

/** What a model's build() sees: the booted kernel and a way to start tasks. */
export interface ModelWorld {
  readonly kernel: Kernel;
  readonly size: ModelSize;
  readonly pins: PinLog;
  /** A task run to completion before exploration starts, in a fixed order. */
  setupTask(comm: string, cpu: number, mm: Mm | null, body: TaskBody): void;
  /** A task whose steps are interleaved with the others by the explorer. */
  task(comm: string, cpu: number, mm: Mm | null, body: TaskBody): void;
}

export interface CheckModel {
  /** The scenario this model reduces (scenarios/builtin/<name>.yaml). */
  readonly name: string;
  readonly summary: string;
  readonly defaultKernel: string;
  readonly size: ModelSize;
  readonly minSize: ModelSize;
  readonly maxSize: ModelSize;
  /** The scenario's own properties, checked besides the always-checked ones. */
  readonly properties: readonly PropertySpec[];
  readonly zones: ZoneLayout;
  /** Cap on __gup_longterm_locked iterations: reaching it is a livelock. */
  readonly gupRetryCap: number;
  /** Small-machine changes to the kernel config (e.g. a shorter batch), documented per model. */
  adjust(config: KernelConfig, size: ModelSize): KernelConfig;
  build(world: ModelWorld): void;
}
