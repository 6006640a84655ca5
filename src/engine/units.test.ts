import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  durationNs,
  formatDuration,
  formatSize,
  parseDuration,
  parseSize,
  quantityFromText,
} from "./units.ts";

const value = (r: ReturnType<typeof parseDuration>) => (r.ok ? r.value : `error: ${r.expected}`);

describe("parseDuration", () => {
  it.each([
    [500, 500],
    ["500ns", 500],
    ["2us", 2_000],
    ["2µs", 2_000],
    ["2μs", 2_000],
    ["1.5ms", 1_500_000],
    ["1s", 1_000_000_000],
    ["0.001ms", 1_000],
    ["1.000001ms", 1_000_001],
    ["5 us", 5_000],
    ["0", "error"],
  ])("%j → %j", (input, expected) => {
    const got = value(parseDuration(input));
    if (expected === "error") expect(got).toMatch(/^error: /);
    else expect(got).toBe(expected);
  });

  it("rejects what is not a whole, non-negative number of ns, saying why", () => {
    expect(value(parseDuration(-5))).toMatch(/non-negative/);
    expect(value(parseDuration(1.5))).toMatch(/whole/);
    expect(value(parseDuration("1.5ns"))).toMatch(/whole number of nanoseconds/);
    expect(value(parseDuration("-2us"))).toMatch(/non-negative duration/);
    expect(value(parseDuration("2US"))).toMatch(/did you mean "2us"/);
    expect(value(parseDuration("2sec"))).toMatch(/unit among s, ms, us, ns/);
    expect(value(parseDuration(true))).toMatch(/^error: a duration/);
    expect(value(parseDuration("9999999999s"))).toMatch(/below 2\^53/);
  });

  it("refuses text longer than any real duration before parsing it", () => {
    // 200,000 digits then junk once took minutes in a backtracking regular expression.
    const r = parseDuration(`${"1".repeat(200_000)}x y`);
    expect(value(r)).toMatch(/of at most 64 characters/);
    expect(value(parseDuration(`${"0".repeat(55)}1.5us`))).toBe(1_500);
  });

  it("reads number, fraction, spaces and unit in one pass, refusing what is left over", () => {
    expect(value(parseDuration("1.5"))).toMatch(/non-negative duration/);
    expect(value(parseDuration("12"))).toMatch(/non-negative duration/);
    expect(value(parseDuration("1.us"))).toMatch(/non-negative duration/);
    expect(value(parseDuration("1us x"))).toMatch(/non-negative duration/);
    expect(value(parseDuration("1 \t us"))).toBe(1_000);
  });

  it("quantityFromText reads digits alone as a number, the way YAML does", () => {
    expect(quantityFromText(" 0 ")).toBe(0);
    expect(quantityFromText("1us")).toBe("1us");
    expect(value(parseDuration(quantityFromText("250")))).toBe(250);
  });

  it("durationNs throws on a bad literal", () => {
    expect(durationNs("20us")).toBe(20_000);
    expect(() => durationNs("20 bogus")).toThrow(/bad duration literal/);
  });
});

describe("parseSize", () => {
  it.each([
    [4096, 4096],
    ["4KiB", 4096],
    ["1MiB", 1 << 20],
    ["4GiB", 4 * 2 ** 30],
    ["1.5MiB", 1.5 * 2 ** 20],
    ["512B", 512],
  ])("%j → %j", (input, expected) => {
    expect(value(parseSize(input))).toBe(expected);
  });

  it("refuses decimal-looking units and says to use the binary one", () => {
    expect(value(parseSize("64MB"))).toMatch(/powers of 1024, so write "64MiB"/);
    expect(value(parseSize("4kB"))).toMatch(/write "4KiB"/);
    expect(value(parseSize("1G"))).toMatch(/write "1GiB"/);
    expect(value(parseSize("4mib"))).toMatch(/did you mean "4MiB"/);
    expect(value(parseSize("1.0000001KiB"))).toMatch(/whole number of bytes/);
  });
});

describe("formatting", () => {
  it("picks the largest unit that reads exactly in at most three decimals", () => {
    expect(formatDuration(0)).toBe("0ns");
    expect(formatDuration(999)).toBe("999ns");
    expect(formatDuration(2_000)).toBe("2us");
    expect(formatDuration(1_500_000)).toBe("1.5ms");
    expect(formatDuration(1_000_001)).toBe("1000.001us");
    expect(formatDuration(50_000_000)).toBe("50ms");
    expect(formatSize(4096)).toBe("4KiB");
    expect(formatSize(1536 * 1024)).toBe("1.5MiB");
    expect(formatSize(1025)).toBe("1025B");
    expect(() => formatDuration(-1)).toThrow(RangeError);
  });

  it("format then parse returns the same duration (property)", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (ns) => {
        expect(parseDuration(formatDuration(ns))).toEqual({ ok: true, value: ns });
      }),
      { numRuns: 2000 },
    );
  });

  it("format then parse returns the same size (property)", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (bytes) => {
        expect(parseSize(formatSize(bytes))).toEqual({ ok: true, value: bytes });
      }),
      { numRuns: 2000 },
    );
  });

  it("writes n units as n followed by that unit when 1 <= n < 1000 (property)", () => {
    const unit = fc.constantFrom(["ns", 1], ["us", 1_000], ["ms", 1_000_000], ["s", 1_000_000_000]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), unit, (n, [suffix, scale]) => {
        expect(formatDuration(n * (scale as number))).toBe(`${n}${suffix}`);
      }),
    );
  });

  it("parses a decimal string exactly, never through floating point (property)", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(999), (whole, thousandths) => {
        const text = `${whole}.${String(thousandths).padStart(3, "0")}ms`;
        expect(parseDuration(text)).toEqual({ ok: true, value: whole * 1_000_000 + thousandths * 1_000 });
      }),
    );
  });
});
