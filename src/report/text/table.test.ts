import { describe, expect, it } from "vitest";
import { renderColumns, shellWord } from "./columns.ts";
import { formatScenarioList, runCommandLine } from "./table.ts";

describe("tables", () => {
  it("align names left and numbers right under a two-line header", () => {
    const t = renderColumns([
      { head: ["kernel", ""], align: "left", cells: ["v6.15", "mm-2026"] },
      { head: ["pins", "failed"], align: "right", cells: ["3", "0"] },
    ]);
    expect(t).toBe("kernel     pins\n         failed\nv6.15         3\nmm-2026       0\n");
  });

  it("quote only what a shell would split", () => {
    expect(shellWord("v6.15+hubbard-wait=10ms")).toBe("v6.15+hubbard-wait=10ms");
    expect(shellWord("my scenario.yaml")).toBe("'my scenario.yaml'");
    expect(
      runCommandLine({ scenarioArg: "a b", description: "", without: ["gup-reader"] }, "v6.17", 3, 10),
    ).toBe("pinsim run 'a b' --kernel v6.17 --seed 3 --runs 10 --without gup-reader");
  });

  it("list scenarios one per line", () => {
    expect(formatScenarioList([{ name: "a", description: "first" }])).toContain("  a  first\n");
  });
});
