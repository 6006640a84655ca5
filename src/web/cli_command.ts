// The `pinsim` command line equivalent to the playground's inputs (the "copy CLI command"
// button): the same scenario, kernels, runs and seed print the same table. A user's YAML comes
// first as a here-document writing scenario.yaml, the file name the page loads it as.

import { shellWord } from "../report/text/columns.ts";
import { type PlaygroundState, scenarioArg } from "./state.ts";

export function compareCommand(s: PlaygroundState, extra = ""): string {
  const line = `pinsim compare ${shellWord(scenarioArg(s.scenario))} --kernels ${shellWord(s.kernels.join(","))} --seed ${s.seed} --runs ${s.runs}${extra}`;
  if (s.scenario.kind === "builtin") return line;
  return `${hereDocument(scenarioArg(s.scenario), s.scenario.text)}${line}`;
}

/** `cat > FILE <<'DELIM'` ... with a delimiter that is not a line of the text. */
export function hereDocument(file: string, text: string): string {
  const lines = new Set(text.split("\n"));
  let delim = "EOF";
  for (let i = 2; lines.has(delim); i++) delim = `EOF${i}`;
  const body = text.endsWith("\n") || text === "" ? text : `${text}\n`;
  return `cat > ${shellWord(file)} <<'${delim}'\n${body}${delim}\n`;
}
