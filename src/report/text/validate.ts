// pinsim validate as text: what was booted and modelled, one row per pin and measure with the
// real and the model's values over the runs, and the verdict; and as JSON.

import type { MeasureRow, Value } from "../../validate/compare.ts";
import type { RealPin, ValidateResult } from "../../validate/validate.ts";
import { renderColumns } from "./columns.ts";

/** "ok ×5", "ok ×3, -ENOMEM ×2"; "none" for runs without that pin. */
export function summarizeValues(xs: readonly (Value | null)[]): string {
  const counts = new Map<string, number>();
  for (const x of xs) {
    const k = x === null ? "none" : String(x);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([v, n]) => `${v} ×${n}`).join(", ");
}

function seconds(ms: number | null): string {
  return ms === null ? "?" : `${(ms / 1000).toFixed(1)} s`;
}

function header(r: ValidateResult): string[] {
  const release = r.real.release ?? "(did not start)";
  const lines = [
    `validate ${r.scenario}: real Linux ${release} vs pinsim model ${r.model.kernel}`,
    `  kernel: ${r.kernel.source}  (${r.kernel.version.split(" ").slice(0, 1).join("")}${debianVersion(r.kernel.version)})`,
    `  model:  ${r.model.kernel}: ${r.model.why}`,
    `  ${r.runs} run${r.runs === 1 ? "" : "s"} (model seeds ${r.seed}..${r.seed + r.runs - 1}), ${r.cpus} CPUs, QEMU TCG, 1 GiB, ${r.cmdline}`,
    `  boot: init started after ${seconds(r.boot.first_line_ms)}, ${seconds(r.boot.total_ms)} in all`,
  ];
  for (const m of r.mappings) lines.push(`  mapped: ${m}`);
  return lines;
}

function debianVersion(v: string): string {
  const m = /Debian (\S+)/.exec(v);
  return m === null ? "" : `, Debian ${m[1]}`;
}

function table(rows: readonly MeasureRow[]): string {
  const pinCells = rows.map((r, i) => (i > 0 && rows[i - 1]!.pin === r.pin ? "" : r.pin));
  return renderColumns([
    { head: ["pin", ""], align: "left", cells: pinCells },
    { head: ["measure", ""], align: "left", cells: rows.map((r) => r.measure) },
    { head: ["real", "(per run)"], align: "left", cells: rows.map((r) => summarizeValues(r.real)) },
    { head: ["model", "(per run)"], align: "left", cells: rows.map((r) => summarizeValues(r.model)) },
    {
      head: ["test", ""],
      align: "left",
      cells: rows.map((r) => (r.test === "fisher" ? `Fisher p=${r.p_value!.toPrecision(2)}` : r.test)),
    },
    {
      head: ["agree", ""],
      align: "left",
      cells: rows.map((r) => (r.test === "unmeasured" ? "-" : r.agree ? "yes" : "NO")),
    },
  ]);
}

/** What only the real kernel shows, per pin: latency under TCG and the mlock batch drains. */
function realOnly(pins: readonly RealPin[]): string[] {
  const keys = [...new Set(pins.map((p) => `${p.task} pin ${p.seq}`))];
  return keys.map((key) => {
    const of = pins.filter((p) => `${p.task} pin ${p.seq}` === key);
    const lat = of.map((p) => p.latency_ns).sort((a, b) => a - b);
    const median_ms = lat.length === 0 ? 0 : lat[Math.floor(lat.length / 2)]! / 1e6;
    const mlock = summarizeValues(of.map((p) => p.probes.mlock_drain ?? null));
    const drains = summarizeValues(of.map((p) => p.probes.drain ?? null));
    return `  ${key}: latency median ${median_ms.toFixed(2)} ms (TCG); mlock batch drains on the pinning CPU ${mlock}; lru_add_drain() calls from any caller ${drains}`;
  });
}

export function formatValidate(r: ValidateResult): string {
  const out = [...header(r), "", table(r.rows).trimEnd(), "", "real kernel only:", ...realOnly(r.real.pins)];
  for (const p of r.problems) out.push(`problem: ${p}`);
  const differ = r.rows.filter((x) => !x.agree).length;
  const unmeasured = r.rows.filter((x) => x.test === "unmeasured").length;
  out.push("");
  const compared = r.rows.length - unmeasured;
  const noted = unmeasured > 0 ? ` (${unmeasured} not measurable on this kernel)` : "";
  if (r.agree) out.push(`model and kernel agree on all ${compared} measures${noted}`);
  else
    out.push(
      `model and kernel DIFFER: ${differ} of ${compared} measures${noted}${r.problems.length > 0 ? `, ${r.problems.length} problems` : ""}; console log: ${r.console_log}`,
    );
  return `${out.join("\n")}\n`;
}

export function validateJson(r: ValidateResult): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
