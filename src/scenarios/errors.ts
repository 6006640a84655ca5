// Scenario files are written by people, so every rejection says where (file, line, column), which
// field (a dotted path such as `actors[1].hold.mean`), what was there and what would be accepted.

import { CLIP_CHARS } from "../engine/clip.ts";

export interface ScenarioErrorInit {
  readonly file: string;
  /** 1-based; 0 when the problem is the file as a whole (missing, unreadable). */
  readonly line: number;
  /** 1-based; 0 together with line 0. */
  readonly column: number;
  /** Dotted path of the offending field; "" for the document itself or a YAML syntax error. */
  readonly field: string;
  readonly found: string;
  readonly expected: string;
}

export class ScenarioError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly field: string;
  readonly found: string;
  readonly expected: string;

  constructor(init: ScenarioErrorInit) {
    super(formatScenarioError(init));
    this.name = "ScenarioError";
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.field = init.field;
    this.found = init.found;
    this.expected = init.expected;
  }
}

/** `FILE:LINE:COL: field F: found X, expected Y`, the shape editors and terminals link. */
export function formatScenarioError(e: ScenarioErrorInit): string {
  const where = e.line > 0 ? `${e.file}:${e.line}:${e.column}` : e.file;
  const what = e.field === "" ? "" : `field ${e.field}: `;
  return `${where}: ${what}found ${e.found}, expected ${e.expected}`;
}

/** How a parsed YAML value reads in "found ..." (strings quoted so `"9"` and `9` differ). */
export function describeFound(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (typeof value === "string") return quoteFound(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return String(value);
}

/**
 * A string from the file, quoted and cut to CLIP_CHARS: a 50 KB value, or a whole unrelated file
 * read as one YAML scalar (`pinsim run /etc/passwd`), is not echoed back whole.
 */
export function quoteFound(value: string): string {
  if (value.length <= CLIP_CHARS) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, CLIP_CHARS))}... (${value.length} characters)`;
}
