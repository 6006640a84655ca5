// YAML text → Scenario. The yaml package's LineCounter turns node offsets into line:column, and
// YAML syntax errors are reported in the same FILE:LINE:COL form as validation errors.

import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "../vendor/yaml.js";
import type { Scenario } from "./scenario.ts";
import { errorAt, Site, type SourceText } from "./site.ts";
import { buildScenario } from "./validate.ts";

/**
 * A value set over what the file says, at a path of keys and list indices (`["actors", 1,
 * "hold"]`), before the file is read: `--vary` checks each of its values this way, so a varied
 * value meets the same rules and messages as one written in the file.
 */
export interface Override {
  readonly path: readonly (string | number)[];
  readonly value: unknown;
}

/** Parses and validates scenario YAML; `source` names it in errors and becomes Scenario.source. */
export function parseScenario(text: string, source: string, overrides: readonly Override[] = []): Scenario {
  return parseScenarioAs(text, source, source, overrides);
}

/** As parseScenario, but errors name `file` (the real path of a built-in) instead of `source`. */
export function parseScenarioAs(
  text: string,
  source: string,
  file: string,
  overrides: readonly Override[] = [],
): Scenario {
  const lines = new LineCounter();
  // Repeated keys are left to the loader, which reports them with the field path.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const src: SourceText = { file, lines, doc };
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    throw errorAt(src, syntax.pos[0], "", `invalid YAML (${firstLine(syntax.message)})`, "well-formed YAML");
  }
  for (const o of overrides) override(src, o);
  return buildScenario(new Site(doc.contents, "", src, 0), source);
}

/**
 * Writes `o.value` at `o.path`, adding keys (and maps) the file leaves out. By hand rather than
 * Document.setIn, which adds keys as bare strings the loader does not see as YAML keys.
 */
function override(src: SourceText, o: Override): void {
  const doc = src.doc;
  let at: unknown = doc.contents;
  for (let i = 0; i < o.path.length; i++) {
    const key = o.path[i]!;
    const last = i === o.path.length - 1;
    if (isSeq(at) && typeof key === "number" && key < at.items.length) {
      if (last) at.items[key] = doc.createNode(o.value);
      else at = at.items[key];
    } else if (isMap(at) && typeof key === "string") {
      let pair = at.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair === undefined) {
        pair = doc.createPair(key, null);
        at.items.push(pair);
      }
      if (last) pair.value = doc.createNode(o.value);
      else if (pair.value === null || (isScalar(pair.value) && pair.value.value === null))
        pair.value = doc.createNode({});
      at = pair.value;
    } else {
      const field = o.path
        .map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))
        .join("")
        .slice(1);
      throw errorAt(
        src,
        0,
        field,
        "no place for the value (a YAML alias or a plain value on the way)",
        "a field written out in full",
      );
    }
  }
}

/**
 * A value typed on the command line as a scenario file would read it (`0` and `-5e-3` numbers,
 * `1us` text), so it can be checked by the same rules; anything but a plain scalar stays text.
 */
export function yamlScalar(text: string): unknown {
  const doc = parseDocument(text);
  const node = doc.contents;
  if (doc.errors.length > 0 || !isScalar(node) || node.tag !== undefined) return text;
  return node.value;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
