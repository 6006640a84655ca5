// runScenario(): one run of a scenario on one kernel with one seed, as a pure function of the
// three. Builds the machine the scenario describes, puts the workload on it, runs until every
// actor is done (the per-CPU kworkers never are) or the scenario's stop time, and reports.

import { StepBudgetError, TimedStrategy } from "../../engine/timed.ts";
import type { KernelConfig } from "../../kernel/config.ts";
import { DEFAULT_COSTS } from "../../kernel/cost_model.ts";
import { copyCounters } from "../../kernel/counters.ts";
import { FolioBudgetError, type FolioTable, LedgerOverflowError } from "../../kernel/folio_table.ts";
import { GupRetryCapError } from "../../kernel/gup.ts";
import { InvariantViolation, kernelViolation, quiescentViolation } from "../../kernel/invariants.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import type { Tracer } from "../../kernel/trace.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import { setUpWorkload } from "../../workloads/spawn.ts";
import type { PinResultObserver, World } from "../../workloads/world.ts";
import { zoneLayout } from "../../workloads/zones.ts";
import { LatencyHistogram } from "../compare/stats.ts";
import { approxBytes, DEFAULT_LIMITS, LimitError, type Limits, maxFolios, sci } from "./budget.ts";
import { Machine } from "./machine.ts";
import { evaluateProperties } from "./properties.ts";
import type { InvariantVerdict, RunOutcome, RunResult } from "./run_result.ts";

/** Builds a tracer once the kernel and workload exist, so it can read their state at each event. */
export type TracerFactory = (k: Kernel, w: World) => Tracer;

/**
 * When a run checks the model's invariants (kernel/invariants.ts): "pins" (the default) at every
 * pin result and at the end of the run; "steps" after every step too (--check-invariants);
 * "off" never (the bench's baseline, to measure what checking costs).
 */
export type InvariantChecks = "off" | "pins" | "steps";

export interface RunOptions {
  readonly trace?: Tracer | TracerFactory;
  readonly invariants?: InvariantChecks;
  /** Steps and memory the run may take (default DEFAULT_LIMITS); past them it ends in LimitError. */
  readonly limits?: Limits;
  /**
   * A folio table to reuse (runs of one experiment pass the same one): reset, then booted on.
   * Nothing in the RunResult refers to it, so the next run may take it over.
   */
  readonly folios?: FolioTable;
}

/** A scenario that cannot run as written (bad cost names): the user's input, exit 2. */
export class RunSetupError extends Error {
  override readonly name = "RunSetupError";
}

/** A model invariant broke during a run: a bug in pinsim, not in the scenario or the kernel modelled. */
export class ModelInvariantError extends Error {
  override readonly name = "ModelInvariantError";
  readonly violation: string;
  readonly scenario: string;
  readonly kernel: string;
  readonly seed: number;
  /** Where it was seen: "after a step at 1234 ns", "at a pin result at ...", "at the end of the run". */
  readonly where: string;
  constructor(violation: string, scenario: string, kernel: string, seed: number, where: string) {
    super(`${violation} (${where}; scenario ${scenario}, kernel ${kernel}, seed ${seed})`);
    this.violation = violation;
    this.scenario = scenario;
    this.kernel = kernel;
    this.seed = seed;
    this.where = where;
  }
}

export function runScenario(
  scenario: Scenario,
  config: KernelConfig,
  seed: number,
  opts: RunOptions = {},
): RunResult {
  checkCosts(scenario);
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const strategy = new TimedStrategy(seed);
  strategy.until_ns = scenario.stop_ns;
  strategy.max_steps = limits.max_steps;
  const checks = opts.invariants ?? "pins";
  opts.folios?.reset();
  const m = new Machine({
    cpus: scenario.machine.cpus,
    kernel: config,
    seed,
    zones: zoneLayout(scenario.machine),
    costs: scenario.costs,
    strategy,
    checkInvariants: checks === "steps",
    folios: opts.folios,
  });
  m.kernel.folios.maxCount = maxFolios(limits);
  const w = withinLimits(scenario, limits, () =>
    setUpWorkload(m.kernel, (comm, cpu, mm, body) => m.spawn(comm, cpu, mm, body), scenario, seed),
  );
  if (opts.trace !== undefined)
    m.kernel.tracer = typeof opts.trace === "function" ? opts.trace(m.kernel, w) : opts.trace;
  const broken = (violation: string, where: string) =>
    new ModelInvariantError(violation, scenario.name, config.name, seed, where);
  if (checks !== "off") w.onPinResult = new PinResultCheck(m.kernel, broken);
  const outcome = withinLimits(scenario, limits, () => runToEnd(m, w, broken));
  // A livelock is cut by a cap mid-pin, where the ledger may be between two updates.
  const end = checks === "off" || outcome === "livelock" ? null : kernelViolation(m.kernel);
  if (end !== null) throw broken(end, "at the end of the run");
  return result(scenario, config, seed, outcome, m.kernel, w);
}

/** Checks the model invariants at each pin result (World.onPinResult says why an object). */
class PinResultCheck implements PinResultObserver {
  readonly #k: Kernel;
  readonly #broken: (violation: string, where: string) => ModelInvariantError;
  constructor(k: Kernel, broken: (violation: string, where: string) => ModelInvariantError) {
    this.#k = k;
    this.#broken = broken;
  }
  pinResult(): void {
    const v = kernelViolation(this.#k);
    if (v !== null) throw this.#broken(v, `at a pin result at ${this.#k.now_ns()} ns`);
  }
}

/** The loader leaves cost names to the kernel layer, which owns them: check them here. */
export function checkCosts(scenario: Scenario): void {
  for (const key of Object.keys(scenario.costs)) {
    if (!Object.hasOwn(DEFAULT_COSTS, key)) {
      const valid = Object.keys(DEFAULT_COSTS).join(", ");
      throw new RunSetupError(
        `${scenario.source}: unknown cost "${key}" under costs:; valid names: ${valid}`,
      );
    }
  }
}

/**
 * Runs `f`, turning the run-time guards (step budget, folio budget, a reference count past the
 * kernel's 32-bit counters) into a LimitError the user can act on: what estimateRun could not foresee.
 */
function withinLimits<T>(scenario: Scenario, limits: Limits, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof StepBudgetError)
      throw new LimitError(
        `${scenario.name}: a run went past ${sci(limits.max_steps)} simulated steps, the limit; raise it with --max-steps if you mean it`,
      );
    if (e instanceof FolioBudgetError)
      throw new LimitError(
        `${scenario.name}: a run needed more folios than fit in ${approxBytes(limits.max_memory_bytes)}, the memory limit; raise it with --max-memory if you mean it`,
      );
    if (e instanceof LedgerOverflowError)
      throw new LimitError(
        `${scenario.name}: a folio came to hold more references than the kernel's 32-bit refcount and pincount hold (${e.message})`,
      );
    throw e;
  }
}

function runToEnd(
  m: Machine,
  w: World,
  broken: (violation: string, where: string) => ModelInvariantError,
): RunOutcome {
  try {
    m.run();
  } catch (e) {
    if (e instanceof GupRetryCapError) return "livelock";
    if (e instanceof InvariantViolation) throw broken(e.message, `after a step at ${m.kernel.now_ns()} ns`);
    throw e;
  }
  return w.actorsLeft === 0 ? "completed" : "stopped";
}

function result(
  scenario: Scenario,
  config: KernelConfig,
  seed: number,
  outcome: RunOutcome,
  k: Kernel,
  w: World,
): RunResult {
  const latency = new LatencyHistogram();
  for (const p of w.pins) latency.record(p.latency_ns);
  return {
    format: "pinsim.run-result",
    version: 1,
    scenario: scenario.name,
    kernel: config.name,
    config,
    seed,
    outcome,
    end_ns: k.now_ns(),
    counters: copyCounters(k.counters),
    pins: w.pins,
    pin_latency: latency.toJSON(),
    properties: evaluateProperties(scenario.properties, w.pins, outcome),
    invariants: [nrIsolatedVerdict(k, w)],
  };
}

/** NR_ISOLATED must be back to 0 (quiescentViolation) whenever no pin is between isolation and putback. */
function nrIsolatedVerdict(k: Kernel, w: World): InvariantVerdict {
  const observed = k.counters.nr_isolated_anon + k.counters.nr_isolated_file;
  const checked = w.pinsInFlight === 0;
  return { name: "nr-isolated-zero", ok: !checked || quiescentViolation(k) === null, checked, observed };
}
