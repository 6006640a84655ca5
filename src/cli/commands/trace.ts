import { admit } from "../../lab/run/budget.ts";
import { DEFAULT_SEED, MAX_SEED } from "../../lab/run/seeds.ts";
import { traceScenario } from "../../lab/run/trace_run.ts";
import { formatChromeTrace } from "../../report/chrome/chrome_trace.ts";
import { formatFtrace } from "../../report/ftrace/ftrace.ts";
import { loadScenario } from "../../scenarios/index.ts";
import { usageLine } from "../args.ts";
import type { Command, ExitCode } from "../command.ts";
import { checkOutputPath, writeOutputFile } from "../output_file.ts";
import { LIMIT_OPTIONS, limitsOf } from "./limits.ts";

export const traceCommand: Command = {
  spec: {
    name: "trace",
    summary:
      "Trace one run: kernel-format ftrace text (trace-cmd report style, with tracing_mark_write slices and counters) or Chrome trace-event JSON for Perfetto.",
    positionals: [{ name: "<scenario>", help: "a built-in scenario name or a YAML file" }],
    options: [
      {
        name: "kernel",
        type: "string",
        help: "kernel, e.g. v6.15 or v6.15+hugh-refcount-check (default: the scenario's)",
      },
      { name: "seed", type: "int", help: "run seed", default: DEFAULT_SEED, min: 0, max: MAX_SEED },
      {
        name: "format",
        type: "string",
        help: "output format",
        choices: ["ftrace", "chrome"],
        default: "ftrace",
      },
      { name: "output", short: "o", type: "string", help: "write to FILE instead of stdout" },
      ...LIMIT_OPTIONS,
    ],
  },
  async run(args, io): Promise<ExitCode> {
    const out = args.options.output as string | undefined;
    if (out !== undefined) checkOutputPath(out, "-o");
    const scenario = loadScenario(args.positionals[0]!);
    const kernel = (args.options.kernel as string | undefined) ?? scenario.kernel;
    const seed = args.options.seed as number;
    const limits = limitsOf(args, usageLine(this.spec));
    admit([scenario], 1, limits, { traced: true });
    const { events } = traceScenario(scenario, kernel, seed, limits);
    const nrCpus = scenario.machine.cpus;
    const text =
      args.options.format === "chrome"
        ? formatChromeTrace(events, { nrCpus })
        : formatFtrace(events, { nrCpus });
    if (out === undefined) io.out(text);
    else {
      await writeOutputFile(out, text, "-o");
      io.err(
        `wrote ${events.length} events to ${out}; replay: pinsim trace ${scenario.name} --kernel ${kernel} --seed ${seed} --format ${String(args.options.format)}\n`,
      );
    }
    return 0;
  },
};
