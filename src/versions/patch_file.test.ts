import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPatchFile, PatchFileError } from "./patch_file.ts";
import { kernelProvenance } from "./provenance.ts";
import { resolveKernel, UnknownKernelError } from "./resolve.ts";

const dir = mkdtempSync(join(tmpdir(), "pinsim-patch-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const HEAD = "name: p\ndescription: d\nstands_for: 98c6d259319e\nsets:\n";

describe("patch files", () => {
  it("a component with a / or ending in .yaml is a file", () => {
    expect(isPatchFile("./p.yaml")).toBe(true);
    expect(isPatchFile("p.yaml")).toBe(true);
    expect(isPatchFile("dir/p")).toBe(true);
    expect(isPatchFile("hugh-refcount-check")).toBe(false);
  });

  it("sets top-level and nested switches like the built-in patch would", () => {
    const p = file("wait.yaml", `${HEAD}  hubbard_wait:\n    enabled: true\n    timeout_ns: 10ms\n`);
    const fromFile = resolveKernel(`v6.15+${p}`);
    const builtin = resolveKernel("v6.15+hubbard-wait=10ms");
    expect({ ...fromFile, name: "" }).toEqual({ ...builtin, name: "" });
    const q = file(
      "drain.yaml",
      `${HEAD}  collect_drain_test: refcount\n  hubbard_wait.scope: all-movable\n`,
    );
    const c = resolveKernel(`v6.15+${q}`);
    expect(c.collect_drain_test).toBe("refcount");
    expect(c.hubbard_wait.scope).toBe("all-movable");
    expect(c.hubbard_wait.enabled).toBe(false);
  });

  it("versions show says what the file changes and cites its commit", () => {
    const p = file("show.yaml", `${HEAD}  collect_skip_large: true\n`);
    const prov = kernelProvenance(`v6.15+${p}`);
    expect(prov.changes).toEqual([
      expect.objectContaining({
        part: p,
        name: "p",
        fields: [{ field: "collect_skip_large", from: false, to: true }],
      }),
    ]);
    const s = prov.settings.find((x) => x.field === "collect_skip_large")!;
    expect(s.from).toMatchObject({ kind: "patch", name: p, cites: [{ commit: "98c6d259319e" }] });
  });

  const bad: [string, string, RegExp][] = [
    [
      "unknown switch",
      `${HEAD}  colect_drain_test: refcount\n`,
      /:5:3: field sets\.colect_drain_test: found unknown switch .*expected one of batch_size.*did you mean "collect_drain_test"/,
    ],
    [
      "wrong type",
      `${HEAD}  batch_size: many\n`,
      /:5:15: field sets\.batch_size: found "many", expected a number/,
    ],
    [
      "bad choice",
      `${HEAD}  collect_drain_test: sometimes\n`,
      /field sets\.collect_drain_test: found "sometimes", expected one of lru-flag, refcount/,
    ],
    [
      "bad boolean",
      `${HEAD}  hubbard_wait:\n    enabled: 1\n`,
      /:6:14: field sets\.hubbard_wait\.enabled: found 1, expected true or false/,
    ],
    ["bad duration", `${HEAD}  hubbard_wait.timeout_ns: soon\n`, /found "soon", expected a duration/],
    ["missing name", "description: d\nstands_for: x\nsets: {}\n", /:1:1: field name: found an empty value/],
    [
      "unknown key",
      `${HEAD}  batch_size: 15\nauthor: me\n`,
      /:6:1: field author: found unknown key "author"/,
    ],
    [
      "no sets",
      "name: p\ndescription: d\nstands_for: x\n",
      /field sets: found an empty value, expected a map/,
    ],
    ["bad yaml", "name: [\n", /found invalid YAML/],
  ];
  for (const [what, text, message] of bad) {
    it(`refuses a file with ${what}`, () => {
      const p = file(`${what.replaceAll(" ", "-")}.yaml`, text);
      expect(() => resolveKernel(`v6.15+${p}`)).toThrow(PatchFileError);
      expect(() => resolveKernel(`v6.15+${p}`)).toThrow(message);
    });
  }

  it("a missing file and an argument to a file are input errors", () => {
    expect(() => resolveKernel(`v6.15+${dir}/none.yaml`)).toThrow(/cannot read patch file \(ENOENT\)/);
    const p = file("arg.yaml", `${HEAD}  batch_size: 15\n`);
    expect(() => resolveKernel(`v6.15+${p}=1`)).toThrow(UnknownKernelError);
  });
});

describe("the example in docs/patches.md", () => {
  it("hubbard-wait-50ms.yaml is hubbard-wait=50ms", () => {
    const c = resolveKernel("v6.18+./examples/patches/hubbard-wait-50ms.yaml");
    expect({ ...c, name: "" }).toEqual({ ...resolveKernel("v6.18+hubbard-wait=50ms"), name: "" });
  });
});
