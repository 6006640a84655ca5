import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bzImageVersion, debianPackage, modelFor } from "./kernel_image.ts";

function fakeBzImage(version: string): string {
  const b = Buffer.alloc(0x800);
  b.write("HdrS", 0x202, "latin1");
  b.writeUInt16LE(0x400 - 0x200, 0x20e);
  b.write(`${version}\0`, 0x400, "latin1");
  const path = join(mkdtempSync(join(tmpdir(), "pinsim-bz-")), "bzImage");
  writeFileSync(path, b);
  return path;
}

describe("kernel images", () => {
  it("reads the version string from the setup header", () => {
    const v = "6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2";
    expect(bzImageVersion(fakeBzImage(v))).toBe(v);
  });

  it("refuses a file that is not a bzImage, naming it", () => {
    const path = join(mkdtempSync(join(tmpdir(), "pinsim-bz-")), "vmlinux");
    writeFileSync(path, Buffer.alloc(0x800));
    expect(() => bzImageVersion(path)).toThrow(/vmlinux is not an x86 bzImage/);
    expect(() => bzImageVersion(join(tmpdir(), "no-such-image"))).toThrow(/cannot read/);
  });

  it("models Debian's 6.1 by its upstream version, and the old-rule build by its local version", () => {
    expect(modelFor("6.1.0-56-cloud-amd64 (x) #1 SMP Debian 6.1.192-2 (2026-01-01)")?.kernel).toBe(
      "debian-6.1",
    );
    expect(modelFor("6.1.0-9-cloud-amd64 (x) #1 SMP Debian 6.1.27-1")?.kernel).toBe("v6.1");
    expect(modelFor("6.1.192-pinsim-old-lru (root@h) #1 SMP")?.kernel).toBe(
      "v6.1+hugh-local-drain+hugh-may-be-lru-cached",
    );
    expect(modelFor("6.1.192-pinsim (root@h) #1 SMP")?.kernel).toBe("debian-6.1");
    expect(modelFor("6.12.5 (root@h) #1 SMP")).toBeNull();
  });

  it("names Debian's package from an ABI version and refuses anything else", () => {
    expect(debianPackage("6.1.0-56")).toBe("linux-image-6.1.0-56-cloud-amd64");
    expect(debianPackage("linux-image-6.1.0-56-amd64")).toBe("linux-image-6.1.0-56-amd64");
    expect(() => debianPackage("latest")).toThrow(/--debian-kernel: "latest" is not an ABI version/);
  });
});
