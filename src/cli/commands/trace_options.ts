// Parsing `pinsim trace`'s narrowing options into a TraceFilter and an event-name matcher. Every
// rejection names the option, what was there and what is valid (exit 2 through UsageError).

import { DURATION_EXAMPLES, parseDuration } from "../../engine/units.ts";
import { FTRACE_EVENT_NAMES, nameMatcher, type TraceFilter } from "../../report/ftrace/filter.ts";
import { UsageError } from "../args.ts";

export interface TraceNarrowing {
  readonly filter: TraceFilter;
  readonly globs: readonly string[] | undefined;
}

type Options = Record<string, string | number | boolean | undefined>;

export function parseNarrowing(options: Options, nrCpus: number, usage: string): TraceNarrowing {
  const from_ns = duration(options.from, "from", usage);
  const to_ns = duration(options.to, "to", usage);
  if (from_ns !== undefined && to_ns !== undefined && from_ns > to_ns)
    throw new UsageError(`--from ${String(options.from)} is after --to ${String(options.to)}`, usage);
  const folios = folioList(options.folios, usage);
  return {
    filter: {
      cpus: cpuList(options.cpus, nrCpus, usage),
      folios: folios?.ids,
      pfns: folios?.pfns,
      from_ns,
      to_ns,
    },
    globs: eventGlobs(options.events, usage),
  };
}

function items(raw: string): string[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function duration(raw: unknown, name: string, usage: string): number | undefined {
  if (raw === undefined) return undefined;
  const r = parseDuration(/^\d+$/.test(String(raw)) ? Number(raw) : raw);
  if (!r.ok)
    throw new UsageError(`--${name}: "${String(raw)}" is not a time; expected ${DURATION_EXAMPLES}`, usage);
  return r.value;
}

/** "0,3-5" → {0,3,4,5}; each CPU must exist on the scenario's machine. */
function cpuList(raw: unknown, nrCpus: number, usage: string): Set<number> | undefined {
  if (raw === undefined) return undefined;
  const cpus = new Set<number>();
  for (const item of items(String(raw))) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(item);
    const lo = m ? Number(m[1]) : Number.NaN;
    const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
    if (!m || hi < lo || hi >= nrCpus)
      throw new UsageError(
        `--cpus: "${item}" is not a CPU or range of this machine; expected numbers 0-${nrCpus - 1} like 0,3-5`,
        usage,
      );
    for (let c = lo; c <= hi; c++) cpus.add(c);
  }
  if (cpus.size === 0) throw new UsageError("--cpus: no CPU given; expected a list like 0,3-5", usage);
  return cpus;
}

/** Folio ids ("7") and pfns ("0x100007"). */
function folioList(raw: unknown, usage: string): { ids: Set<number>; pfns: Set<number> } | undefined {
  if (raw === undefined) return undefined;
  const ids = new Set<number>();
  const pfns = new Set<number>();
  for (const item of items(String(raw))) {
    if (/^0x[0-9a-f]+$/i.test(item)) pfns.add(Number.parseInt(item.slice(2), 16));
    else if (/^\d+$/.test(item)) ids.add(Number(item));
    else
      throw new UsageError(
        `--folios: "${item}" is neither a folio id (7) nor a pfn (0x100007); expected a comma-separated list`,
        usage,
      );
  }
  if (ids.size + pfns.size === 0)
    throw new UsageError("--folios: no folio given; expected a list like 7,0x100009", usage);
  return { ids, pfns };
}

/** Each glob must match some event the ftrace writer prints, or it is a typo. */
function eventGlobs(raw: unknown, usage: string): string[] | undefined {
  if (raw === undefined) return undefined;
  const globs = items(String(raw));
  if (globs.length === 0)
    throw new UsageError("--events: no event given; expected globs like page_ref_*,mm_migrate_pages", usage);
  for (const glob of globs) {
    if (!FTRACE_EVENT_NAMES.some(nameMatcher([glob])))
      throw new UsageError(
        `--events: "${glob}" matches no event pinsim writes; events: ${FTRACE_EVENT_NAMES.join(", ")}`,
        usage,
      );
  }
  return globs;
}
