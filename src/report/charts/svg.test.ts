import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attrs, esc, num } from "./svg.ts";

describe("num", () => {
  it("prints at most two decimals without trailing zeros", () => {
    expect([num(1), num(1.5), num(1.256), num(-0.001), num(100), num(0.1 + 0.2)]).toEqual([
      "1",
      "1.5",
      "1.26",
      "0",
      "100",
      "0.3",
    ]);
  });

  it("never prints exponents, -0 or more than two decimals", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), (x) => {
        expect(num(x)).toMatch(/^-?(?:0|[1-9]\d*)(?:\.\d{1,2})?$/);
        expect(num(x)).not.toBe("-0");
      }),
    );
  });

  it("refuses non-finite numbers rather than printing NaN into the SVG", () => {
    expect(() => num(Number.NaN)).toThrow(RangeError);
  });
});

describe("esc / attrs", () => {
  it("escapes markup and quotes", () => {
    expect(esc(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&#39;");
    expect(attrs({ x: 1.234, label: 'say "hi"', skip: undefined })).toBe(
      ' x="1.23" label="say &quot;hi&quot;"',
    );
  });
});
