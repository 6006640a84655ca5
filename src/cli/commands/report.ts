// `pinsim report <scenario> --kernels K1,K2 --html FILE`: the comparison `pinsim compare` prints
// (or, with --vary, the sweep), as one self-contained HTML file with its chart, the story of the
// first failed run (`pinsim explain`) and the lines that reproduce it all. Same arguments as
// compare, so the line that printed a table writes its report with `report ... --html FILE`.

import type { Comparison } from "../../lab/compare/summary.ts";
import type { SweepResult } from "../../lab/compare/sweep.ts";
import { applyVary } from "../../lab/compare/sweep_param.ts";
import { explain } from "../../lab/explain/explain.ts";
import { DEFAULT_SEED } from "../../lab/run/seeds.ts";
import { nameList } from "../../lab/run/variant.ts";
import { comparisonSpec } from "../../report/charts/comparison_spec.ts";
import { renderSvg } from "../../report/charts/render.ts";
import { sweepSpec } from "../../report/charts/sweep_spec.ts";
import { formatDuration_ns } from "../../report/format.ts";
import { type HtmlSection, htmlReport } from "../../report/html/html_report.ts";
import { pinsimVersion } from "../../report/json.ts";
import { formatExplanation } from "../../report/text/explain.ts";
import { formatSweep, sweepCommandLine } from "../../report/text/sweep_table.ts";
import { explainCommandLine, formatComparison, replayCommandLines } from "../../report/text/table.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import { type Parsed, UsageError, usageLine } from "../args.ts";
import type { Command, ExitCode, Io } from "../command.ts";
import { checkOutputPath, writeOutputFile } from "../output_file.ts";
import { REPORT_SPEC } from "../specs/report.ts";
import { admitComparison, comparisonWithProgress, type Experiment, prepareExperiment } from "./experiment.ts";
import { admitSweep, sweepWithProgress } from "./experiment_sweep.ts";

export const reportCommand: Command = {
  spec: REPORT_SPEC,
  async run(args, io): Promise<ExitCode> {
    const path = args.options.html as string | undefined;
    if (path === undefined)
      throw new UsageError("--html FILE is required (the report's file)", usageLine(REPORT_SPEC));
    checkOutputPath(path, "--html");
    const kernels = nameList(args.options.kernels as string | undefined);
    const x = await prepareExperiment(REPORT_SPEC, args, (s) => (kernels.length > 0 ? kernels : [s.kernel]));
    const varyText = args.options.vary as string | undefined;
    const html =
      varyText === undefined ? await comparisonReport(io, x, args) : await sweepReport(io, x, varyText);
    await writeOutputFile(path, html, "--html");
    io.err(`wrote ${path}\n`);
    return 0;
  },
};

async function comparisonReport(io: Io, x: Experiment, args: Parsed): Promise<string> {
  admitComparison(x);
  const c = await comparisonWithProgress(io, x, args.options.workers as number | undefined);
  const failure = firstFailure(x, c.results, x.scenario);
  const sections: HtmlSection[] = [
    { heading: "Comparison", svg: await renderSvg(comparisonSpec(c)), text: formatComparison(c, x.ctx) },
    ...failure.sections,
  ];
  return htmlReport({
    title: `pinsim: ${c.scenario} on ${c.results.map((r) => r.kernel).join(", ")}`,
    subtitle: `${x.scenario.description} — ${c.runs} runs per kernel from seed ${c.seed}`,
    sections,
    replay: [...replayCommandLines(c, x.ctx), ...failure.replay],
    generator: `pinsim ${pinsimVersion()}`,
  });
}

async function sweepReport(io: Io, x: Experiment, varyText: string): Promise<string> {
  const vary = admitSweep(x, varyText);
  const r: SweepResult = await sweepWithProgress(io, x, vary);
  const at = r.points.findIndex((row) => row.some((k) => k.properties.some((p) => p.violations > 0)));
  const failure =
    at < 0
      ? { sections: [], replay: [] }
      : firstFailure(x, r.points[at]!, applyVary(x.scenario, vary.param, vary.values[at]!), {
          param: vary.param,
          value: vary.isDuration ? formatDuration_ns(vary.values[at]!) : String(vary.values[at]),
        });
  return htmlReport({
    title: `pinsim: ${r.scenario}, ${vary.param} swept on ${r.kernels.join(", ")}`,
    subtitle: `${x.scenario.description} — ${r.runs} runs per point from seed ${r.seed}`,
    sections: [
      { heading: "Sweep", svg: await renderSvg(sweepSpec(r)), text: formatSweep(r) },
      ...failure.sections,
    ],
    replay: [sweepCommandLine(x.ctx, r, varyText), ...failure.replay],
    generator: `pinsim ${pinsimVersion()}`,
  });
}

/** The story of the first kernel's first run that violated a property, if any did. */
function firstFailure(
  x: Experiment,
  results: Comparison["results"],
  scenario: Scenario,
  point?: { param: string; value: string },
): { sections: HtmlSection[]; replay: string[] } {
  for (const [k, r] of results.entries()) {
    const p = r.properties.find((q) => q.violations > 0 && q.first_seed !== null);
    if (p === undefined) continue;
    const e = explain(scenario, x.configs[k]!, {
      seed: p.first_seed!,
      base: DEFAULT_SEED,
      search: 1,
      limits: x.limits,
      invariants: x.invariants,
    });
    const where = point === undefined ? "" : ` at ${point.param}=${point.value}`;
    const line = explainCommandLine(x.ctx, r.kernel, p.first_seed!);
    return {
      sections: [
        {
          heading: `The first failure: ${r.kernel}, seed ${p.first_seed}${where}`,
          note: `${p.property.kind} was violated in ${p.violations} of ${r.runs} runs on ${r.kernel}; the first:`,
          text: formatExplanation(e),
        },
      ],
      // A sweep point's scenario is the file with the parameter set: explain it with that value.
      replay: point === undefined ? [line] : [`${line}   # with ${point.param}=${point.value}`],
    };
  }
  return { sections: [], replay: [] };
}
