import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { svgToPng } from "./png.ts";

const CHART =
  '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="420"><rect width="720" height="420" fill="#fff"/><line x1="0" y1="0" x2="720" y2="420" stroke="#000"/></svg>';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function ihdrSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(String.fromCharCode(...png.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function hasFontFiles(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).some((f) => /\.(ttf|otf|ttc)$/i.test(f));
}

// Glyph pixels are only asserted where fonts exist (Debian: apt-get install fonts-dejavu-core).
const FONTS = ["/usr/share/fonts", "/usr/local/share/fonts", join(process.env.HOME ?? "/", ".fonts")].some(
  hasFontFiles,
);

describe("svgToPng", () => {
  it("produces a PNG of the requested width", () => {
    const png = svgToPng(CHART, { width: 1000 });
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const { width, height } = ihdrSize(png);
    expect(width).toBe(1000);
    expect(height).toBe(Math.round((420 * 1000) / 720));
  });

  it("keeps the SVG's own size by default", () => {
    expect(ihdrSize(svgToPng(CHART))).toEqual({ width: 720, height: 420 });
  });

  it.skipIf(!FONTS)("renders text when system fonts are installed", () => {
    const svg = (body: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/>${body}</svg>`;
    // Without a PNG decoder: a blank image compresses to almost nothing, glyph edges do not.
    // Missing fonts make resvg drop text silently, and both images would then be equally small.
    const blank = svgToPng(svg(""));
    const label =
      '<text x="10" y="28" font-size="20" font-family="DejaVu Sans, sans-serif">pinsim 1 ms</text>';
    const withText = svgToPng(svg(label));
    expect(withText.byteLength).toBeGreaterThan(blank.byteLength + 200);
  });
});
