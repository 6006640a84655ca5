// String builders for SVG. Every number goes through num() so that output is byte-stable:
// fixed 2-decimal rounding, trailing zeros dropped, never "-0" or exponent notation.

/** Formats a coordinate or size with at most 2 decimals. */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot print non-finite number ${x} into SVG`);
  const fixed = x.toFixed(2);
  const trimmed = fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
  return trimmed === "-0" ? "0" : trimmed;
}

/** Escapes text and attribute values (quotes included, since attributes use double quotes). */
export function esc(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export type AttrValue = string | number | undefined;

/** Attributes in insertion order (deterministic); undefined values are left out. */
export function attrs(a: Record<string, AttrValue>): string {
  let out = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === "number" ? num(v) : esc(v)}"`;
  }
  return out;
}

/** One element; self-closing when it has no children. `children` is raw, already-escaped SVG. */
export function el(name: string, a: Record<string, AttrValue>, children?: string): string {
  if (children === undefined || children === "") return `<${name}${attrs(a)}/>`;
  return `<${name}${attrs(a)}>${children}</${name}>`;
}

/** A text element whose content is escaped here. */
export function text(content: string, a: Record<string, AttrValue>): string {
  return `<text${attrs(a)}>${esc(content)}</text>`;
}

/** A group of lines, one child per line, so that diffs of golden files stay readable. */
export function group(a: Record<string, AttrValue>, children: readonly string[]): string {
  if (children.length === 0) return "";
  return `<g${attrs(a)}>\n${children.join("\n")}\n</g>`;
}
