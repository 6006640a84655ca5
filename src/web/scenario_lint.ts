// The loader's verdict on the text being edited, as the editor shows it: the first error with its
// line and column (the loader stops at the first), or none. The loader is the CLI's own.

import { ScenarioError } from "../scenarios/errors.ts";
import { loadInput, type ScenarioInput } from "./jobs.ts";

export interface LintMessage {
  /** 1-based; 0 when the problem is the document as a whole. */
  readonly line: number;
  readonly column: number;
  /** The loader's message: FILE:LINE:COL: field F: found X, expected Y. */
  readonly message: string;
}

export function lintScenario(input: ScenarioInput): LintMessage | null {
  try {
    loadInput(input);
    return null;
  } catch (e) {
    if (e instanceof ScenarioError) return { line: e.line, column: e.column, message: e.message };
    return { line: 0, column: 0, message: e instanceof Error ? e.message : String(e) };
  }
}
