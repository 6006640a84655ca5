// The layers of docs/architecture.md: imports only point down (or within a layer). A type-only
// import may point up only where listed below, with the reason.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/** Higher layers may import lower ones. Rooms of one layer may import each other. */
const LAYER: Record<string, number> = {
  cli: 8,
  web: 8,
  report: 7,
  lab: 6,
  check: 6,
  validate: 6,
  queue: 5,
  scenarios: 4,
  workloads: 4,
  versions: 3,
  kernel: 2,
  engine: 1,
  /** Third-party code bundled into one file (scripts/vendor-yaml.ts): a leaf every layer may use. */
  vendor: 0,
};

/** Rooms of one layer that must not import each other (the checker is its own program). */
const APART: [string, string][] = [
  ["check", "lab"],
  ["lab", "check"],
];

/** Type-only imports that point up, and why. */
const TYPE_EXCEPTIONS: Record<string, string> = {};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return files(p);
    return /\.tsx?$/.test(p) && !/\.test\.tsx?$/.test(p) ? [p] : [];
  });
}

interface Import {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function imports(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const out: Import[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+"(\.[^"]+)"/gms)) {
    out.push({ from: file, to: resolve(dirname(file), m[3]!), typeOnly: m[2] !== undefined });
  }
  return out;
}

function room(file: string): string {
  return relative(SRC, file).split("/")[0]!;
}

describe("layers", () => {
  const all = files(SRC).flatMap(imports);

  it("reads the imports it judges (value and type-only)", () => {
    expect(all.length).toBeGreaterThan(500);
    const sched = imports(join(SRC, "kernel", "sched.ts"));
    expect(sched.map((i) => [relative(SRC, i.to), i.typeOnly])).toEqual([
      ["engine/op.ts", false],
      ["kernel/kernel.ts", true],
    ]);
  });

  it("every room under src/ has a layer", () => {
    const rooms = new Set(files(SRC).map(room));
    for (const r of rooms) expect(LAYER[r], `room ${r}`).toBeDefined();
  });

  it("imports only point down the layers (cli -> report -> check/lab -> scenarios/workloads -> versions -> kernel -> engine)", () => {
    const wrong = all
      .filter((i) => LAYER[room(i.to)]! > LAYER[room(i.from)]!)
      .filter((i) => !(i.typeOnly && TYPE_EXCEPTIONS[`${room(i.from)}->${room(i.to)}`]))
      .map((i) => `${relative(SRC, i.from)} imports ${relative(SRC, i.to)}`);
    expect(wrong).toEqual([]);
  });

  it("the model checker and the experiments do not import each other", () => {
    const wrong = all
      .filter((i) => APART.some(([a, b]) => room(i.from) === a && room(i.to) === b))
      .map((i) => `${relative(SRC, i.from)} imports ${relative(SRC, i.to)}`);
    expect(wrong).toEqual([]);
  });

  it("the kernel names no version (every version difference is a KernelConfig field)", () => {
    const code = (f: string) =>
      readFileSync(f, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
    const named = files(join(SRC, "kernel")).filter((f) => /["'`]v\d\.\d+|mm-2026/.test(code(f)));
    expect(named.map((f) => relative(SRC, f))).toEqual([]);
  });
});
