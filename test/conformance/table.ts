// Prints the conformance outcomes as a markdown table: `node test/conformance/table.ts`.
// Cells: result, outer retries (r), local/global drains (L/G), -EAGAINs in migration (e), waits (w).

import { KERNELS } from "./expectations.ts";
import * as s from "./setups.ts";

type Row = [string, (kernel: string) => s.Outcome];

const ROWS: Row[] = [
  ["C1 anon in Movable", (k) => s.c1SmallAnonMovable(k)],
  ["C2 Will's mlock batch", (k) => s.c2WillDeacon(k)],
  ["C2 mlock batch on the pinning CPU", (k) => s.c2PinningCpu(k)],
  ["C3 new mlocked, other CPU", (k) => s.c3NewMlockedAnon(k, 2)],
  ["C3 new mlocked, same CPU", (k) => s.c3NewMlockedAnon(k, 1)],
  ["C5 transient 5 ms", (k) => s.c5Transient(k, 5_000_000)],
  ["C6 THP", (k) => s.c6Thp(k, false)],
  ["C6 THP, no 2 MiB target", (k) => s.c6Thp(k, true)],
  ["C7 hugetlb in CMA", (k) => s.c7HugetlbCma(k)],
  ["C10 VMA hole", (k) => s.c10Hole(k)],
  ["C11 device-coherent, busy", (k) => s.c11DeviceCoherent(k, true)],
  ["C13 writeback 1 ms", (k) => s.c13Writeback(k, 1_000_000)],
];

function cell(o: s.Outcome): string {
  const drains = `L${o.drains_local}/G${o.drains_global}`;
  const eagain = o.migrate_eagain ? ` e${o.migrate_eagain}` : "";
  return `${o.ret} r${o.outer_retries} ${drains}${eagain}${o.waits ? ` w${o.waits}` : ""}${o.migrate_split ? " split" : ""}`;
}

const kernels = Object.keys(KERNELS);
const lines = [`| situation | ${kernels.join(" | ")} |`, `|---|${kernels.map(() => "---").join("|")}|`];
for (const [name, run] of ROWS) lines.push(`| ${name} | ${kernels.map((k) => cell(run(k))).join(" | ")} |`);
const c12 = kernels.map((k) => {
  const o = s.c12NeverOnLru(k, 50);
  return o.livelock ? `livelock (${o.outer_retries} retries, capped)` : `${o.ret} r${o.outer_retries}`;
});
lines.push(`| C12 CMA folio never on LRU | ${c12.join(" | ")} |`);
process.stdout.write(`${lines.join("\n")}\n`);
