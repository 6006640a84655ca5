import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cpioNewc, initramfs, S_IFCHR, S_IFDIR, S_IFREG } from "./cpio.ts";

interface Read {
  name: string;
  mode: number;
  data: Buffer;
  rdev: [number, number];
}

/** A newc reader written from the format, to read back what the writer wrote. */
function readNewc(b: Buffer): Read[] {
  const out: Read[] = [];
  let at = 0;
  for (;;) {
    expect(b.toString("ascii", at, at + 6)).toBe("070701");
    const field = (i: number) => Number.parseInt(b.toString("ascii", at + 6 + 8 * i, at + 14 + 8 * i), 16);
    const [mode, size, nameSize] = [field(1), field(6), field(11)];
    const nameAt = at + 110;
    const name = b.toString("utf8", nameAt, nameAt + nameSize - 1);
    expect(b[nameAt + nameSize - 1]).toBe(0);
    const dataAt = nameAt + nameSize + ((4 - ((110 + nameSize) % 4)) % 4);
    expect(dataAt % 4).toBe(0);
    if (name === "TRAILER!!!") return out;
    out.push({ name, mode, data: b.subarray(dataAt, dataAt + size), rdev: [field(9), field(10)] });
    at = dataAt + size + ((4 - (size % 4)) % 4);
  }
}

describe("newc cpio", () => {
  it("reads back every entry, name, mode, device and data, whatever their lengths", () => {
    const entry = fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9/._-]{0,40}$/),
      data: fc.uint8Array({ maxLength: 300 }),
      exec: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (es) => {
        const entries = es.map((e) => ({
          name: e.name,
          mode: S_IFREG | (e.exec ? 0o755 : 0o644),
          data: e.data,
        }));
        const back = readNewc(Buffer.from(cpioNewc(entries)));
        expect(back.map((e) => [e.name, e.mode, [...e.data]])).toEqual(
          entries.map((e) => [e.name, e.mode, [...e.data]]),
        );
      }),
    );
  });

  it("writes directories and device nodes the kernel can create, gzipped for -initrd", () => {
    const gz = initramfs([
      { name: "dev", mode: S_IFDIR | 0o755 },
      { name: "dev/console", mode: S_IFCHR | 0o600, rdev: { major: 5, minor: 1 } },
    ]);
    const back = readNewc(gunzipSync(gz));
    expect(back.map((e) => [e.name, e.mode.toString(8), e.rdev])).toEqual([
      ["dev", "40755", [0, 0]],
      ["dev/console", "20600", [5, 1]],
    ]);
  });
});
