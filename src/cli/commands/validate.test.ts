import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pinsim } from "../../../test/support/cli.ts";

function fakeBzImage(version: string): string {
  const b = Buffer.alloc(0x800);
  b.write("HdrS", 0x202, "latin1");
  b.writeUInt16LE(0x200, 0x20e);
  b.write(`${version}\0`, 0x400, "latin1");
  const path = join(mkdtempSync(join(tmpdir(), "pinsim-bz-")), "bzImage");
  writeFileSync(path, b);
  return path;
}

describe("pinsim validate, before anything boots", () => {
  afterEach(() => {
    delete process.env.PINSIM_QEMU;
  });

  it("exits 2 naming the actors of a scenario that has no programs to run for real", async () => {
    const r = await pinsim(["validate", "gpu-transient-refs"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^pinsim validate: builtin:gpu-transient-refs: actors .*\(gpu\)/);
  });

  it("exits 2 on an image it cannot read, a kernel it cannot model, and an unknown --model", async () => {
    const missing = await pinsim(["validate", "mlock-remote-batch", "--kernel-image", "/no/such/bzImage"]);
    expect([missing.code, missing.out]).toEqual([2, ""]);
    expect(missing.err).toContain("--kernel-image: cannot read /no/such/bzImage");
    const unknown = await pinsim([
      "validate",
      "mlock-remote-batch",
      "--kernel-image",
      fakeBzImage("6.12.5 (x) #1"),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('cannot tell which pinsim kernel models "6.12.5 (x) #1": pass --model K');
    const badModel = await pinsim([
      "validate",
      "mlock-remote-batch",
      "--kernel-image",
      fakeBzImage("6.1.192 (x) #1"),
      "--model",
      "v9.99",
    ]);
    expect([badModel.code, badModel.out]).toEqual([2, ""]);
  });

  it("exits 2 saying how to install QEMU when it is missing", async () => {
    process.env.PINSIM_QEMU = "/no/such/qemu-system-x86_64";
    const r = await pinsim([
      "validate",
      "mlock-remote-batch",
      "--kernel-image",
      fakeBzImage("6.1.192 (x) #1"),
    ]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("not found: apt-get install qemu-system-x86");
  });
});
