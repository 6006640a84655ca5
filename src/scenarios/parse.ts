// YAML text → Scenario. The yaml package's LineCounter turns node offsets into line:column, and
// YAML syntax errors are reported in the same FILE:LINE:COL form as validation errors.

import { LineCounter, parseDocument } from "yaml";
import type { Scenario } from "./scenario.ts";
import { errorAt, Site, type SourceText } from "./site.ts";
import { buildScenario } from "./validate.ts";

/** Parses and validates scenario YAML; `source` names it in errors and becomes Scenario.source. */
export function parseScenario(text: string, source: string): Scenario {
  return parseScenarioAs(text, source, source);
}

/** As parseScenario, but errors name `file` (the real path of a built-in) instead of `source`. */
export function parseScenarioAs(text: string, source: string, file: string): Scenario {
  const lines = new LineCounter();
  // Repeated keys are left to the loader, which reports them with the field path.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const src: SourceText = { file, lines, doc };
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    throw errorAt(src, syntax.pos[0], "", `invalid YAML (${firstLine(syntax.message)})`, "well-formed YAML");
  }
  return buildScenario(new Site(doc.contents, "", src, 0), source);
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
