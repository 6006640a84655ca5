import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layoutCategoryLabels } from "./labels.ts";
import { textWidth_px } from "./text.ts";

const FONT_PX = 12;

describe("layoutCategoryLabels", () => {
  it("keeps short labels horizontal and rotates long ones", () => {
    expect(layoutCategoryLabels(["v6.1", "v6.6"], 200, 120, FONT_PX).angle_deg).toBe(0);
    expect(layoutCategoryLabels(["v6.1.115-longterm", "v6.6.60-longterm"], 60, 120, FONT_PX).angle_deg).toBe(
      45,
    );
    expect(layoutCategoryLabels(["v6.1.115-longterm"], 16, 120, FONT_PX).angle_deg).toBe(90);
  });

  it("never lets neighbouring labels overlap and keeps them within the height", () => {
    const labels = fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 100 });
    fc.assert(
      fc.property(labels, fc.double({ min: 2, max: 300, noNaN: true }), (texts, band_px) => {
        const lay = layoutCategoryLabels(texts, band_px, 120, FONT_PX);
        const fs = lay.fontSize_px;
        const spacing_px = band_px * lay.every;
        if (lay.angle_deg === 0) {
          for (const t of lay.texts) expect(textWidth_px(t, fs) + 6).toBeLessThanOrEqual(band_px);
        } else {
          const sin = lay.angle_deg === 45 ? Math.SQRT1_2 : 1;
          expect(spacing_px * sin).toBeGreaterThanOrEqual(fs * 1.25 - 1e-9);
          expect(lay.height_px).toBeLessThanOrEqual(Math.max(120, fs * 2 + 6));
        }
      }),
    );
  });
});
