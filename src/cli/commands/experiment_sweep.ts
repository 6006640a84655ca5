// `run` and `compare` with --vary: one comparison per value of a scenario parameter. Apart from
// experiment.ts so that a command without --vary never loads the sweep, its tables and charts.

import { type SweepResult, sweep } from "../../lab/compare/sweep.ts";
import {
  applyVary,
  checkVary,
  parseVary,
  type Vary,
  VaryError,
  writtenValues,
} from "../../lab/compare/sweep_param.ts";
import { admit } from "../../lab/run/budget.ts";
import { sweepCsv } from "../../report/csv.ts";
import { sweepMarkdown } from "../../report/markdown.ts";
import { sweepJson } from "../../report/text/run_json.ts";
import { formatSweep, sweepCommandLine } from "../../report/text/sweep_table.ts";
import { loadScenario } from "../../scenarios/index.ts";
import type { ExitCode, Io } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { progressBar } from "../progress.ts";
import { type Experiment, spreading, violatedSummary } from "./experiment.ts";

registerInputError(VaryError);

/** Checks --vary against the scenario and the limits; the sweep it names. */
export function admitSweep(x: Experiment, varyText: string): Vary {
  const vary = parseVary(varyText, x.scenario);
  checkVary(vary, writtenValues(varyText), x.scenario, x.full, (over) => loadScenario(x.scenarioArg, over));
  const points = vary.values.map((v) => applyVary(x.scenario, vary.param, v));
  admit(points, x.runs * x.configs.length, x.limits);
  return vary;
}

/** The sweep, with a progress bar on a terminal. */
export async function sweepWithProgress(io: Io, x: Experiment, vary: Vary): Promise<SweepResult> {
  const bar = progressBar(io, `${x.scenario.name} ${vary.param}`, x.quiet);
  return spreading(x, (spread) =>
    sweep(x.scenario, x.configs, vary, {
      runs: x.runs,
      seed: x.seed,
      limits: x.limits,
      onProgress: bar.update,
      invariants: x.invariants,
      spread,
    }),
  ).finally(() => bar.done());
}

/** Runs the sweep --vary names, prints it, and says whether a property was violated. */
export async function runSweep(io: Io, x: Experiment, varyText: string): Promise<ExitCode> {
  const r = await sweepWithProgress(io, x, admitSweep(x, varyText));
  if (x.plot !== undefined) {
    const [{ writePlot }, { sweepSpec }] = await Promise.all([
      import("../output_file.ts"),
      import("../../report/charts/sweep_spec.ts"),
    ]);
    await writePlot(x.plot, sweepSpec(r));
  }
  io.out(sweepOutput(r, x, varyText));
  if (x.plot !== undefined) io.err(`wrote ${x.plot}\n`);
  return r.points.some((row) => row.some((k) => violatedSummary(k))) ? 1 : 0;
}

function sweepOutput(r: SweepResult, x: Experiment, varyText: string): string {
  const replay = sweepCommandLine(x.ctx, r, varyText);
  if (x.format === "json") return sweepJson(r, x.configs);
  if (x.format === "csv") return sweepCsv(r);
  if (x.format === "markdown") return sweepMarkdown(r, [replay]);
  return `${formatSweep(r)}\nto replay:\n  ${replay}\n`;
}
