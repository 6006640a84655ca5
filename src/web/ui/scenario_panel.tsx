// The scenario: a built-in picked by name or the user's YAML, its description, the editor, and
// the loader's verdict under it.

import { BUILTIN_NAMES, builtinDescription } from "../builtins.ts";
import type { LintMessage } from "../scenario_lint.ts";
import { type ScenarioChoice, YAML_FILE } from "../state.ts";
import { Editor } from "./editor.tsx";

export interface ScenarioPanelProps {
  readonly choice: ScenarioChoice;
  readonly text: string;
  readonly revision: number;
  /** The file name errors give (the built-in's, or scenario.yaml). */
  readonly file: string;
  readonly lint: LintMessage | null;
  readonly lintText: (text: string) => LintMessage | null;
  /** "" for the user's YAML. */
  readonly onPick: (name: string) => void;
  readonly onText: (text: string) => void;
}

export function ScenarioPanel(p: ScenarioPanelProps) {
  return (
    <>
      <h2>Scenario</h2>
      <select
        value={p.choice.kind === "builtin" ? p.choice.name : ""}
        onChange={(e) => p.onPick((e.target as HTMLSelectElement).value)}
        data-testid="scenario-select"
      >
        <option value="">your YAML ({YAML_FILE})</option>
        {BUILTIN_NAMES.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      {p.choice.kind === "builtin" && <p class="description">{builtinDescription(p.choice.name)}</p>}
      <Editor text={p.text} revision={p.revision} onChange={p.onText} lint={p.lintText} />
      <p class={p.lint === null ? "lint ok" : "lint error"} data-testid="lint">
        {p.lint === null ? `${p.file}: loads` : p.lint.message}
      </p>
    </>
  );
}
