// Value kinds that only program steps use: page selections and hold times.

import { formatDuration, parseDuration } from "../engine/units.ts";
import type { StepContext } from "./context.ts";
import { regionPages } from "./context.ts";
import { hold } from "./hold.ts";
import type { JsonSchema, ValueKind } from "./kinds.ts";
import type { HoldTime, PageSelection } from "./program.ts";

const RANGE = /^(\d{1,9})\s*\.\.\s*(\d{1,9})$/;

/** `pages: 16` (pages 0..15), `pages: 4..7`, `pages: {random: 2}`; absent: every page. */
export const pages: ValueKind<PageSelection, StepContext> = {
  parse(site, ctx) {
    const total = ctx.region === null ? Number.MAX_SAFE_INTEGER : regionPages(ctx.region);
    const within = ctx.region === null ? "" : ` (region "${ctx.region.name}" has ${total} pages)`;
    const v = site.plain();
    if (typeof v === "number") {
      if (!Number.isSafeInteger(v) || v < 1 || v > total) site.reject(`a page count 1..${total}${within}`);
      return { kind: "range", first: 0, count: v };
    }
    if (typeof v === "string") {
      const m = RANGE.exec(v.trim());
      const first = m === null ? -1 : Number(m[1]);
      const last = m === null ? -1 : Number(m[2]);
      if (m === null || last < first || last >= total)
        site.reject(`a page range first..last within 0..${total - 1}${within}, e.g. 0..3`);
      return { kind: "range", first, count: last - first + 1 };
    }
    const map = site.map(["random"], "a page count, a range such as 0..3, or {random: N}");
    const n = map.require("random", "how many contiguous pages to draw").plain();
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1 || n > total)
      map.require("random", "").reject(`a page count 1..${total}${within}`);
    return { kind: "random", count: n as number };
  },
  schema: () => ({ $ref: "#/$defs/pages" }),
  show: (p) => (p.kind === "all" ? "all" : p.kind === "random" ? { random: p.count } : rangeText(p)),
};

function rangeText(p: { first: number; count: number }): string {
  return `${p.first}..${p.first + p.count - 1}`;
}

export function pagesDef(): JsonSchema {
  return {
    description:
      "Region pages: a count N (pages 0..N-1), a range first..last, or {random: N} (N contiguous pages from a drawn start).",
    anyOf: [
      { type: "integer", minimum: 1 },
      { type: "string", pattern: "^\\d+\\s*\\.\\.\\s*\\d+$" },
      {
        type: "object",
        additionalProperties: false,
        required: ["random"],
        properties: { random: { type: "integer", minimum: 1 } },
      },
    ],
  };
}

/** `for: 200us` (fixed) or `for: {dist: exponential, mean: 20us}` (drawn when the step runs). */
export const holdTime: ValueKind<HoldTime, StepContext> = {
  parse(site, ctx) {
    const v = site.plain();
    if (typeof v === "number" || typeof v === "string") {
      const r = parseDuration(v);
      if (!r.ok)
        return site.reject(`${r.expected}, or a distribution such as {dist: exponential, mean: 20us}`);
      return { kind: "fixed", ns: r.value };
    }
    return { kind: "drawn", dist: hold.parse(site, ctx) };
  },
  schema: () => ({ anyOf: [{ $ref: "#/$defs/duration" }, { $ref: "#/$defs/hold" }] }),
  show: (h) => (h.kind === "fixed" ? formatDuration(h.ns) : hold.show(h.dist)),
};
