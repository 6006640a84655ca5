// `pinsim check`: what it accepts and its --help (cli/commands/check.ts runs it).

import type { CommandSpec } from "../args.ts";
import { QUEUE_EXIT_TEXT, QUEUE_OPTION } from "./queue_option.ts";
import { PATCH_MODULE_OPTION } from "./shared_options.ts";

export const CHECK_SPEC: CommandSpec = {
  name: "check",
  summary:
    "Model-check a scenario's small configuration: exhaustive (dfs, dpor) or randomized (pct, random) interleavings.",
  positionals: [
    { name: "<scenario>", help: "built-in scenario name (pinsim scenarios) or path to a .yaml file" },
  ],
  options: [
    PATCH_MODULE_OPTION,
    {
      name: "kernel",
      type: "string",
      valueName: "KERNEL",
      help: "kernel, e.g. v6.15 or v6.15+hugh-refcount-check (default: the scenario's)",
    },
    {
      name: "strategy",
      type: "string",
      choices: ["dpor", "dfs", "pct", "random"],
      default: "dpor",
      help: "exploration strategy",
    },
    { name: "max-preemptions", type: "int", min: 0, help: "preemption bound (default: none)" },
    {
      name: "max-executions",
      type: "int",
      min: 1,
      default: 1_000_000,
      help: "stop after this many executions",
    },
    {
      name: "max-seconds",
      type: "number",
      min: 0,
      valueName: "SECONDS",
      help: "stop after this much wall-clock time",
    },
    {
      name: "cpus",
      type: "int",
      min: 1,
      valueName: "N",
      help: "CPUs of the small machine; the tasks' CPUs fold onto them (default: one per CPU the tasks use)",
    },
    {
      name: "folios",
      type: "int",
      min: 1,
      valueName: "N",
      help: "folios per region (default: the scenario's check: folios, else 1)",
    },
    {
      name: "repeats",
      type: "int",
      min: 1,
      valueName: "N",
      help: "repetitions kept of each actor's operation and each program repeat (default 1)",
    },
    { name: "seed", type: "int", default: 1, help: "seed of pct and random" },
    // Each execution draws d - 1 change points; bugs of depth past a handful are not what PCT finds.
    { name: "depth", type: "int", min: 1, max: 100, default: 3, help: "PCT bug depth d" },
    {
      name: "timers",
      type: "string",
      choices: ["idle", "sleeps-any-time"],
      default: "idle",
      help: "when sleeps and timeouts end",
    },
    {
      name: "max-outer-retries",
      type: "int",
      min: 0,
      help: "also check: no pin takes more than N outer retries",
    },
    {
      name: "max-global-drains-per-pin",
      type: "int",
      min: 0,
      help: "also check: no pin calls lru_add_drain_all() more than N times",
    },
    {
      name: "state-cache",
      type: "string",
      choices: ["reads", "steps", "history"],
      help: "dfs, dpor: prune states already explored (reads: sound; steps: approximate; history: sound, prunes little)",
    },
    { name: "stop-at-first", type: "boolean", help: "stop at the first violation" },
    {
      name: "estimate",
      type: "boolean",
      help: "predict the executions and time of an exhaustive run, then stop",
    },
    { name: "json", type: "boolean", help: "machine-readable output" },
    { ...QUEUE_OPTION, help: `pct and random: ${QUEUE_OPTION.help}` },
  ],
  examples: [
    "pinsim check pkvm-mlock-onfault --kernel v6.15 --folios 1",
    "pinsim check pkvm-mlock-onfault --kernel v6.17 --folios 2 --estimate",
    "pinsim check gpu-transient-refs --kernel v6.18 --strategy pct --max-executions 10000",
  ],
  exitCodes: [
    "0 no violation in any interleaving of the small configuration (complete)",
    "1 a property was violated: a shrunk counterexample and the pinsim replay line are printed",
    "2 bad input: scenario, kernel, option or size",
    "3 no violation found, but the exploration was bounded or cut short: not a proof",
    QUEUE_EXIT_TEXT,
  ],
};
