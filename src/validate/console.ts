// Reads what the init printed on the serial console: "PINSIM <kind> key=value ..." lines among
// the kernel's own messages.

export interface RealPin {
  readonly run: number;
  readonly task: string;
  readonly seq: number;
  readonly cpu: number;
  readonly region: string;
  readonly first: number;
  readonly pages: number;
  /** What IORING_REGISTER_BUFFERS returned: 0 or a negative errno. */
  readonly ret: number;
  /** /proc/vmstat pgmigrate_success and pgmigrate_fail across the call. */
  readonly mig_ok: number;
  readonly mig_fail: number;
  /** Pages of the range in ZONE_MOVABLE before; in and outside it after; not present after. */
  readonly movable_before: number;
  readonly movable_after: number;
  readonly other_after: number;
  readonly absent_after: number;
  readonly latency_ns: number;
  /** kprobe hits by the pinning thread during the call: name -> all, name_collect -> from the pin path. */
  readonly probes: Readonly<Record<string, number>>;
}

export interface ConsoleReport {
  readonly release: string | null;
  readonly cpus: number | null;
  readonly zones: readonly { name: string; start_pfn: number; end_pfn: number }[];
  readonly probes_armed: Readonly<Record<string, boolean>>;
  readonly pins: readonly RealPin[];
  /** Runs that finished, with the child's wait status. */
  readonly runs_ended: readonly { run: number; status: number }[];
  /** Steps that failed for real, and init's own errors, as printed. */
  readonly step_errors: readonly string[];
  readonly done: boolean;
}

const NUMERIC_PIN_KEYS = [
  "run",
  "seq",
  "cpu",
  "first",
  "pages",
  "ret",
  "mig_ok",
  "mig_fail",
  "movable_before",
  "movable_after",
  "other_after",
  "absent_after",
  "latency_ns",
] as const;

function fields(rest: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const tok of rest.trim().split(/\s+/)) {
    const eq = tok.indexOf("=");
    if (eq > 0) m.set(tok.slice(0, eq), tok.slice(eq + 1));
  }
  return m;
}

function pinOf(f: Map<string, string>): RealPin {
  const num = (k: string) => Number(f.get(k) ?? Number.NaN);
  const probes: Record<string, number> = {};
  for (const [k, v] of f)
    if (!(NUMERIC_PIN_KEYS as readonly string[]).includes(k) && k !== "task" && k !== "region")
      probes[k] = Number(v);
  const pin = Object.fromEntries(NUMERIC_PIN_KEYS.map((k) => [k, num(k)])) as Record<
    (typeof NUMERIC_PIN_KEYS)[number],
    number
  >;
  return { ...pin, task: f.get("task") ?? "?", region: f.get("region") ?? "?", probes };
}

export function parseConsole(text: string): ConsoleReport {
  let release: string | null = null;
  let cpus: number | null = null;
  let done = false;
  const zones: ConsoleReport["zones"][number][] = [];
  const probes_armed: Record<string, boolean> = {};
  const pins: RealPin[] = [];
  const runs_ended: { run: number; status: number }[] = [];
  const step_errors: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const at = raw.indexOf("PINSIM ");
    if (at < 0) continue;
    const line = raw.slice(at + 7).trim();
    const sp = line.indexOf(" ");
    const kind = sp < 0 ? line : line.slice(0, sp);
    const rest = sp < 0 ? "" : line.slice(sp + 1);
    const f = fields(rest);
    if (kind === "start") {
      release = f.get("kernel") ?? null;
      cpus = Number(f.get("cpus"));
    } else if (kind === "zone") {
      const [name, start, end] = rest.split(/\s+/);
      zones.push({ name: name!, start_pfn: Number(start), end_pfn: Number(end) });
    } else if (kind === "probes") {
      for (const [k, v] of f) probes_armed[k] = v === "1";
    } else if (kind === "pin") pins.push(pinOf(f));
    else if (kind === "run-end")
      runs_ended.push({ run: Number(f.get("run")), status: Number(f.get("status")) });
    else if (kind === "step" || kind === "error") step_errors.push(line);
    else if (kind === "done") done = true;
  }
  return { release, cpus, zones, probes_armed, pins, runs_ended, step_errors, done };
}
