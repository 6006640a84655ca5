import { describe, expect, it } from "vitest";
import { ModelInvariantError } from "../../lab/run/run.ts";
import { modelInvariantText } from "./invariant_error.ts";

describe("modelInvariantText", () => {
  const e = new ModelInvariantError(
    "folio 3: refcount 5 != ledger sum 4",
    "s",
    "v6.15",
    7,
    "at the end of the run",
  );

  it("says it is a pinsim bug, what broke and where, and replays the run with per-step checks", () => {
    expect(modelInvariantText("compare", e, "my file.yaml", "gpu")).toBe(
      "pinsim compare: pinsim model invariant violated (a pinsim bug, please report): folio 3: refcount 5 != ledger sum 4\n" +
        "  seen at the end of the run, in scenario s on v6.15, seed 7\n" +
        "  to replay: pinsim run 'my file.yaml' --kernel v6.15 --seed 7 --without gpu --check-invariants\n",
    );
  });

  it("repeats --patch-module, whose patch the kernel may name", () => {
    expect(modelInvariantText("run", e, "s", undefined, "/p/my mod.ts")).toContain(
      "--seed 7 --patch-module '/p/my mod.ts' --check-invariants\n",
    );
  });

  it("leaves --without out when no actor was dropped", () => {
    expect(modelInvariantText("run", e, "s", undefined)).toContain("--seed 7 --check-invariants\n");
  });
});
