// `pinsim explain`: the story of the first pin that failed in a run. Finds the run (the given
// seed, or the first failing seed of a search), replays it with a PinTracer on that pin, and
// diagnoses the folio whose migration failed. With a second kernel, replays the same seed there
// and tells the same page's story (matched by region and page offset: folio ids agree only until
// the kernels diverge).

import type { KernelConfig } from "../../kernel/config.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { ZONE_NAMES } from "../../kernel/page_alloc.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import type { PinRecord } from "../../workloads/pin_record.ts";
import { folioPage } from "../../workloads/region.ts";
import type { World } from "../../workloads/world.ts";
import type { Limits } from "../run/budget.ts";
import { type InvariantChecks, runScenario } from "../run/run.ts";
import { pinFailed, type RunResult } from "../run/run_result.ts";
import { seedOfRun } from "../run/seeds.ts";
import { type Diagnosis, diagnose } from "./diagnose.ts";
import type { FolioSnapshot } from "./folio_snapshot.ts";
import { type CheckView, type DecisionView, type PinTrace, PinTracer } from "./pin_tracer.ts";

export interface FolioStory {
  readonly region: string;
  readonly page: number;
  readonly folio: number;
  /** The folio as collect_longterm_unpinnable_folios() began (before any drain). */
  readonly at_collect: FolioSnapshot | null;
  readonly decisions: readonly DecisionView[];
  readonly checks: readonly CheckView[];
  /** The folio at its last failed reference-count check; null if no check failed. */
  readonly at_failed_check: FolioSnapshot | null;
  /** Where the page's contents went, when migrated. */
  readonly migrated_to: { readonly folio: number; readonly zone: string } | null;
  readonly diagnosis: Diagnosis | null;
}

export interface KernelStory {
  readonly kernel: string;
  readonly config: KernelConfig;
  readonly seed: number;
  readonly pins_in_run: number;
  readonly failed_in_run: number;
  /** The pin told about: the first failed one (or, on the --vs kernel, the same page's pin). */
  readonly pin: PinRecord | null;
  readonly folio: FolioStory | null;
  /** Other folios of the same pin whose migration also failed. */
  readonly other_failed_folios: readonly number[];
}

/** A counterexample's schedule replayed (explain --replay) instead of a seeded run. */
export interface ReplayedSchedule {
  readonly property: string;
  readonly cpus: number;
  readonly folios: number;
  /** The schedule's scheduling decisions. */
  readonly decisions: number;
}

export interface Explanation {
  readonly scenario: string;
  /** Set when the story is a model checker counterexample's (then seed is 0). */
  readonly replay?: ReplayedSchedule;
  readonly seed: number;
  /** Seeds tried to find a failing run (1 when --seed was given). */
  readonly searched: number;
  readonly primary: KernelStory;
  readonly vs: KernelStory | null;
}

export interface ExplainOptions {
  /** Explain this seed's run; without it, search `search` seeds from `base` for the first failure. */
  readonly seed?: number;
  readonly base: number;
  readonly search: number;
  readonly vs?: KernelConfig;
  /** Per-run limits (default DEFAULT_LIMITS). */
  readonly limits?: Limits;
  /** When the runs check the model invariants (run.ts; default "pins"). */
  readonly invariants?: InvariantChecks;
}

export function explain(scenario: Scenario, config: KernelConfig, opts: ExplainOptions): Explanation {
  const { run, searched } = findFailingRun(scenario, config, opts);
  const failed = run.pins.find(pinFailed) ?? null;
  const checks = opts.invariants ?? "pins";
  const primary =
    failed === null ? emptyStory(run) : storyOfPin(scenario, config, run, failed, null, opts.limits, checks);
  const page = primary.folio?.page ?? failed?.page ?? null;
  const vs =
    opts.vs === undefined || failed === null
      ? null
      : vsStory(scenario, opts.vs, run.seed, failed, page!, opts.limits, checks);
  return { scenario: scenario.name, seed: run.seed, searched, primary, vs };
}

function findFailingRun(
  scenario: Scenario,
  config: KernelConfig,
  opts: ExplainOptions,
): { run: RunResult; searched: number } {
  const ro = { limits: opts.limits, invariants: opts.invariants };
  if (opts.seed !== undefined) return { run: runScenario(scenario, config, opts.seed, ro), searched: 1 };
  let first: RunResult | null = null;
  for (let i = 0; i < opts.search; i++) {
    const run = runScenario(scenario, config, seedOfRun(opts.base, i), ro);
    first ??= run;
    if (run.pins.some(pinFailed)) return { run, searched: i + 1 };
  }
  return { run: first!, searched: opts.search };
}

function emptyStory(run: Pick<RunResult, "kernel" | "config" | "seed" | "pins">): KernelStory {
  const failed = run.pins.filter(pinFailed).length;
  return {
    kernel: run.kernel,
    config: run.config,
    seed: run.seed,
    pins_in_run: run.pins.length,
    failed_in_run: failed,
    pin: null,
    folio: null,
    other_failed_folios: [],
  };
}

/** Replays `run` with a tracer on `pin` and tells the story of `page` (or of the failed folio). */
function storyOfPin(
  scenario: Scenario,
  config: KernelConfig,
  run: RunResult,
  pin: PinRecord,
  page: number | null,
  limits: Limits | undefined,
  invariants: InvariantChecks,
): KernelStory {
  let k: Kernel | null = null;
  let tracer: PinTracer | null = null;
  runScenario(scenario, config, run.seed, {
    limits,
    invariants,
    trace: (kernel, w) => {
      k = kernel;
      tracer = new PinTracer(kernel, w, pin);
      return tracer;
    },
  });
  return tracedStory(config, k!, (tracer as PinTracer | null)!.trace, run, pin, page);
}

function tracedStory(
  config: KernelConfig,
  k: Kernel,
  trace: PinTrace,
  run: Pick<RunResult, "kernel" | "config" | "seed" | "pins">,
  pin: PinRecord,
  page: number | null,
): KernelStory {
  const failing = failingFolios(trace);
  const focusPage = page ?? (failing.length > 0 ? folioPage(k, failing[0]!) : pin.page);
  const folio = folioStory(config, k, trace, pin, focusPage, page === null);
  const others = failing.filter((f) => f !== folio?.folio);
  return { ...emptyStory(run), pin, folio, other_failed_folios: others };
}

/**
 * Runs one fixed schedule (a model checker counterexample) from the start, calling `attach` with
 * its kernel and World once the workload is set up. Deterministic: every call runs the same.
 */
export type ScheduleRunner = (attach: (k: Kernel, w: World) => void) => void;

/**
 * The story of the first failed pin of a replayed schedule: one run to find the pin, a second with
 * a PinTracer on it (as `explain` replays a seed).
 */
export function explainSchedule(
  scenario: string,
  config: KernelConfig,
  replay: ReplayedSchedule,
  runSchedule: ScheduleRunner,
): Explanation {
  let world: World | null = null;
  runSchedule((_k, w) => {
    world = w;
  });
  const pins = (world as World | null)?.pins ?? [];
  const run = { kernel: config.name, config, seed: 0, pins };
  const failed = pins.find(pinFailed) ?? null;
  let primary = emptyStory(run);
  if (failed !== null) {
    let k: Kernel | null = null;
    let tracer: PinTracer | null = null;
    runSchedule((kernel, w) => {
      k = kernel;
      tracer = new PinTracer(kernel, w, failed);
      kernel.tracer = tracer;
    });
    primary = tracedStory(config, k!, (tracer as PinTracer | null)!.trace, run, failed, null);
  }
  return { scenario, replay, seed: 0, searched: 1, primary, vs: null };
}

/** Folios whose last reference-count check in this pin failed, in order of their first check. */
function failingFolios(trace: PinTrace): number[] {
  const last = new Map<number, boolean>();
  for (const c of trace.checks) last.set(c.folio, c.ok);
  return [...last].filter(([, ok]) => !ok).map(([f]) => f);
}

/**
 * The story of the folio at `page`: as of the last collect pass when explaining a failure (the
 * pass that failed), as of the first pass on the comparison kernel (the folio the pin started with).
 */
function folioStory(
  config: KernelConfig,
  k: Kernel,
  trace: PinTrace,
  pin: PinRecord,
  page: number,
  lastPass: boolean,
): FolioStory | null {
  const passes = lastPass ? [...trace.collects].reverse() : trace.collects;
  const atCollect = passes.find((m) => m.has(page))?.get(page) ?? null;
  if (atCollect === null) return null;
  const f = atCollect.folio;
  const decisions = trace.decisions.filter((d) => d.folio === f);
  const checks = trace.checks.filter((c) => c.folio === f);
  const failed = trace.failedChecks.get(f)?.snapshot ?? null;
  const after = trace.after.get(page) ?? -1;
  const migrated_to =
    after >= 0 && after !== f ? { folio: after, zone: ZONE_NAMES[k.folios.zone[after]!]! } : null;
  const lastFailed = checks.length > 0 && !checks.at(-1)!.ok;
  const diagnosis =
    failed !== null && lastFailed
      ? diagnose(config, decisions.at(-1) ?? null, atCollect, failed, checks, pin.cpu)
      : null;
  return {
    region: pin.region,
    page,
    folio: f,
    at_collect: atCollect,
    decisions,
    checks,
    at_failed_check: lastFailed ? failed : null,
    migrated_to,
    diagnosis,
  };
}

/** The same page on the other kernel: the same actor's same call if it pins that page, else the first pin of it. */
function vsStory(
  scenario: Scenario,
  config: KernelConfig,
  seed: number,
  failed: PinRecord,
  page: number,
  limits: Limits | undefined,
  invariants: InvariantChecks,
): KernelStory {
  const run = runScenario(scenario, config, seed, { limits, invariants });
  const covers = (p: PinRecord) => p.region === failed.region && page >= p.page && page < p.page + p.nr_pages;
  const same = run.pins.find((p) => p.actor === failed.actor && p.seq === failed.seq && covers(p));
  const pin = same ?? run.pins.find(covers) ?? null;
  if (pin === null) return emptyStory(run);
  return storyOfPin(scenario, config, run, pin, page, limits, invariants);
}
