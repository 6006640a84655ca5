// The ftrace text must be readable by the tools that read a 6.x kernel's trace file. Their line
// grammars are written out here (each in our own transcription, with where it comes from), and
// every line pinsim writes for every built-in scenario must parse, with the fields it printed.
// Older parsers that expect four latency flags cannot read a 6.x kernel's lines; they are here
// too, to show they treat pinsim's lines exactly as they treat the kernel's own.

import { describe, expect, it } from "vitest";
import { DEFAULT_SEED } from "../../lab/run/seeds.ts";
import { traceScenario } from "../../lab/run/trace_run.ts";
import { builtinNames, loadBuiltin } from "../../scenarios/builtin.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { formatFtrace } from "./ftrace.ts";
import { HEADER_LINES } from "./header.ts";

interface Fields {
  readonly task: string;
  readonly pid: number;
  readonly cpu: number;
  readonly ts: number;
  readonly event: string;
}

type Parser = (line: string) => Fields | null;

/**
 * Perfetto's systrace text importer, today (google/perfetto,
 * src/trace_processor/importers/systrace/systrace_line_tokenizer.cc): a regex_search for
 * -pid, an optional (tgid), [cpu], up to five flag characters, seconds and the event name; the
 * task is what precedes the match, trimmed.
 */
const PERFETTO = /-(\d+)\s+\(?\s*(\d+|-+)?\)?\s?\[(\d+)\]\s*[a-zA-Z0-9.]{0,5}\s*(\d+\.\d+):\s+(\S+):/;

/** The same tokenizer as of 2020, when it allowed four flag characters and needed a space after. */
const PERFETTO_2020 = /-(\d+)\s+\(?\s*(\d+|-+)?\)?\s?\[(\d+)\]\s*[a-zA-Z0-9.]{0,4}\s+(\d+\.\d+):\s+(\S+):/;

/**
 * Trace Compass's ftrace text reader (eclipse-tracecompass-incubator, IGenericFtraceConstants
 * FTRACE_PATTERN), matched against the whole line: an optional group of exactly four flags.
 */
const TRACE_COMPASS =
  /^\s*(.*)-(\d+)(?:\s+\([^0-9]*(\d+)?\))?\s+\[(\d+)\](?:\s+....)?\s+([0-9]+(?:\.[0-9]+)?): (\w+:\s+)+(.+)$/;

function perfettoWith(re: RegExp): Parser {
  return (line) => {
    const m = re.exec(line);
    if (m === null) return null;
    return {
      task: line.slice(0, m.index).trim(),
      pid: Number(m[1]),
      cpu: Number(m[3]),
      ts: Number(m[4]),
      event: m[5]!,
    };
  };
}

function traceCompass(line: string): Fields | null {
  const m = TRACE_COMPASS.exec(line);
  if (m === null) return null;
  const name = m[6]!.trim();
  return { task: m[1]!, pid: Number(m[2]), cpu: Number(m[4]), ts: Number(m[5]), event: name.slice(0, -1) };
}

/**
 * bcc's BPF.trace_fields() (iovisor/bcc, src/python/bcc/__init__.py), which reads fixed columns:
 * the task is the first 16 characters; after the '-' come "pid [cpu] flags ts" up to the first
 * ':', split on whitespace; the event name runs to the next ':'.
 */
function bcc(line: string): Fields | null {
  const task = line.slice(0, 16).trimStart();
  const rest = line.slice(17);
  const tsEnd = rest.indexOf(":");
  const parts = rest.slice(0, tsEnd).trim().split(/\s+/);
  if (tsEnd < 0 || parts.length !== 4) return null;
  const [pid, cpu, , ts] = parts as [string, string, string, string];
  const after = rest.slice(tsEnd + 1);
  const event = after.slice(0, after.indexOf(":")).trim();
  const fields = { task, pid: Number(pid), cpu: Number(cpu.slice(1, -1)), ts: Number(ts), event };
  return Number.isFinite(fields.pid) && Number.isFinite(fields.cpu) && Number.isFinite(fields.ts)
    ? fields
    : null;
}

const SIX_X_PARSERS: Readonly<Record<string, Parser>> = {
  "perfetto systrace_line_tokenizer": perfettoWith(PERFETTO),
  "bcc trace_fields": bcc,
};

const FOUR_FLAG_PARSERS: Readonly<Record<string, Parser>> = {
  "perfetto 2020 tokenizer": perfettoWith(PERFETTO_2020),
  "trace compass FTRACE_PATTERN": traceCompass,
};

/** Lines from real 6.x kernels' trace files, as posted to LKML. */
const KERNEL_LINES: readonly string[] = [
  "          <idle>-0       [003] ..s1.   314.011428: tasklet_entry: tasklet=0xffffa01ef8db2740 function=tcp_tasklet_func",
  "    kworker/18:1-453     [018] d..2.  6520.912873: workqueue_queue_work: work struct=0000000077eccca1 function=pm_runtime_work workqueue=pm req_cpu=256 cpu=18",
  "              sh-75      [000] .....    33.793362: myprobe: (sys_clone+0xc/0xa0) r0=0x1200011 r1=0x0 r2=0x0",
  "     rcu_preempt-18      [001] d..3. 54968.170887: hrtimer_cancel: hrtimer=00000000456b5702",
];

/** What pinsim printed on a line, read back by its own layout (line.ts). */
function printed(line: string): Fields {
  const m = /^(.{16})-(\d+) +\[(\d{3})\] \S{5} +(\d+\.\d+): ([^:]+):/.exec(line);
  if (m === null) throw new Error(`not a pinsim line: ${line}`);
  return { task: m[1]!.trim(), pid: Number(m[2]), cpu: Number(m[3]), ts: Number(m[4]), event: m[5]! };
}

function bodyLines(text: string): string[] {
  return text.split("\n").slice(HEADER_LINES, -1);
}

/** Every built-in scenario traced on its own kernel and on 6.1, the oldest 6.x layout. */
const TRACES: readonly { readonly name: string; readonly lines: readonly string[] }[] =
  builtinNames().flatMap((name) => {
    const scenario = loadBuiltin(name);
    return [scenario.kernel, "v6.1"].map((kernel) => {
      const { result, events } = traceScenario(scenario, resolveKernel(kernel), DEFAULT_SEED);
      const text = formatFtrace(events, {
        nrCpus: scenario.machine.cpus,
        tracepoints: result.config.tracepoints,
      });
      return { name: `${name} on ${kernel}`, lines: bodyLines(text) };
    });
  });

describe("6.x parsers read pinsim's ftrace text", () => {
  it("the parsers read real 6.x kernel lines (so they are transcribed right)", () => {
    for (const [name, parse] of Object.entries(SIX_X_PARSERS)) {
      for (const line of KERNEL_LINES) expect(parse(line), `${name}: ${line}`).toEqual(printed(line));
    }
  });

  for (const [parser, parse] of Object.entries(SIX_X_PARSERS)) {
    it(`${parser} reads every line of every built-in scenario, with the fields printed`, () => {
      expect(TRACES.length).toBe(2 * builtinNames().length);
      for (const trace of TRACES) {
        expect(trace.lines.length, trace.name).toBeGreaterThan(100);
        const misread = trace.lines.filter((line) => {
          const got = parse(line);
          return got === null || JSON.stringify(got) !== JSON.stringify(printed(line));
        });
        // The brief allows 1% unread; pinsim's lines all parse, so any miss is a regression.
        expect(misread.slice(0, 3), `${parser}, ${trace.name}`).toEqual([]);
      }
    });
  }

  it("four-flag parsers treat pinsim's lines as they treat a 6.x kernel's: they cannot read them", () => {
    for (const [name, parse] of Object.entries(FOUR_FLAG_PARSERS)) {
      for (const line of KERNEL_LINES) expect(parse(line), `${name}: ${line}`).toBeNull();
      const sample = TRACES[0]!.lines.slice(0, 200);
      expect(
        sample.filter((line) => parse(line) !== null),
        name,
      ).toEqual([]);
    }
  });
});
