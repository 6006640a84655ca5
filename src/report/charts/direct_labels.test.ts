import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labelPositions, linearY, logY, spreadLabels } from "./direct_labels.ts";

describe("spreadLabels", () => {
  it("leaves labels that are already apart where they are", () => {
    expect(spreadLabels([10, 50, 200], 12, 220)).toEqual([10, 50, 200]);
  });

  it("pushes labels of lines ending together apart, keeping their order", () => {
    expect(spreadLabels([100, 100, 100], 12, 220)).toEqual([100, 112, 124]);
    expect(spreadLabels([215, 220], 12, 220)).toEqual([208, 220]);
  });

  it("always leaves at least the gap between neighbours, in the wished order, inside the panel when they fit", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 300, noNaN: true }), { maxLength: 12 }), (ys) => {
        const gap = 12;
        const height = 300;
        const out = spreadLabels(ys, gap, height);
        const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
        for (let k = 1; k < order.length; k++) {
          expect(out[order[k]!.i]! - out[order[k - 1]!.i]!).toBeGreaterThanOrEqual(gap - 1e-9);
        }
        if (ys.length * gap <= height)
          for (const y of out) expect(y >= -1e-9 && y <= height + 1e-9).toBe(true);
      }),
    );
  });
});

describe("scales", () => {
  it("map values to pixels from the top and back", () => {
    const lin = linearY([0, 1], 200);
    expect([lin.toPx(0), lin.toPx(1), lin.toPx(0.25)]).toEqual([200, 0, 150]);
    const log = logY([100, 1e6], 400);
    expect(log.toPx(1e4)).toBeCloseTo(200);
    expect(log.fromPx(log.toPx(3456))).toBeCloseTo(3456);
  });

  it("labelPositions returns data values (a decade apart on a log axis stays put)", () => {
    expect(labelPositions([1e3, 1e5], logY([100, 1e6], 400), 12, 400)).toEqual(
      [1e3, 1e5].map((v) => expect.closeTo(v)),
    );
  });
});
