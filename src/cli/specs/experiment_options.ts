// Options `run` and `compare` share, and what those commands exit with. Only literals and light
// imports here: `pinsim --help` loads every command's spec, never the code behind it.

import { DEFAULT_SEED, MAX_SEED } from "../../lab/run/seeds.ts";
import { OUTPUT_FORMATS } from "../../report/output_formats.ts";
import type { OptionSpec } from "../args.ts";
import { CHECK_INVARIANTS_OPTION, MODEL_INVARIANT_EXIT_TEXT } from "../commands/invariant_option.ts";
import { QUEUE_EXIT_TEXT, QUEUE_OPTION } from "./queue_option.ts";
import { LIMIT_OPTIONS, PATCH_MODULE_OPTION } from "./shared_options.ts";

const VARY_HELP =
  "sweep one parameter over values: PARAM=a..b:n (n values, log-spaced when b/a >= 100) or PARAM=a,b,c. " +
  "PARAM is <actor>.<field> (the actor's name or kind: gpu.hold, gpu.hold.mean, pkvm-vcpu.interval, " +
  "readahead.start, ...), machine.<cpus|dma32|normal|movable|cma>, costs.<cost name> (docs/cost-model.md) " +
  "or stop; a wrong PARAM lists every one the scenario has. Durations take units: 10us..2s:8.";

export const EXPERIMENT_EXIT_CODES: readonly string[] = [
  "0 every property the scenario checks held in every run",
  "1 a run violated a property (the output names it, with the lines that replay and explain the run)",
  "2 bad input: scenario, kernel, option, --vary, --plot path, or over --max-steps/--max-memory",
  MODEL_INVARIANT_EXIT_TEXT,
  "74 the --plot file could not be written (disk full, I/O error)",
  QUEUE_EXIT_TEXT,
];

/** Each worker thread loads all of pinsim (tens of MB); past this many they only cost memory. */
export const MAX_WORKER_THREADS = 64;

/** Options `run` and `compare` share. */
export const EXPERIMENT_OPTIONS: readonly OptionSpec[] = [
  PATCH_MODULE_OPTION,
  {
    name: "seed",
    type: "int",
    min: 0,
    max: MAX_SEED,
    default: DEFAULT_SEED,
    help: `seed of the first run; run i uses seed+i (0..${MAX_SEED})`,
  },
  {
    name: "without",
    type: "string",
    valueName: "ACTORS",
    help: "drop these actors (names or kinds, comma-separated), e.g. gup-reader",
  },
  {
    name: "format",
    type: "string",
    choices: OUTPUT_FORMATS,
    valueName: "FORMAT",
    help:
      "text: metrics as rows, kernels as columns, each kernel's change against the first (mmtests compare-kernels); " +
      "wide: one row per kernel, every figure a column; json; csv (raw numbers); markdown (tables to paste).",
    default: "text",
  },
  { name: "json", type: "boolean", help: "the same as --format json" },
  CHECK_INVARIANTS_OPTION,
  { name: "quiet", type: "boolean", help: "no progress bar" },
  {
    name: "workers",
    type: "int",
    min: 1,
    max: MAX_WORKER_THREADS,
    help: "worker threads (default: chosen from the number of runs); the output does not depend on it",
  },
  { name: "vary", type: "string", valueName: "PARAM=a..b:n", help: VARY_HELP },
  {
    name: "plot",
    type: "string",
    valueName: "FILE",
    help:
      "write a chart: FILE.svg, FILE.png, or FILE.vl.json (the Vega-Lite spec itself, to restyle in the Vega editor). " +
      "Failure rate, drains and latency per kernel; with --vary, failure rate and p99 latency per value.",
  },
  ...LIMIT_OPTIONS,
  QUEUE_OPTION,
];
