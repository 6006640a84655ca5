// The playground: a scenario (built-in or YAML), kernels, runs and seed in; the comparison table,
// its chart and the failed runs out; a failed run opens its story and timeline; `check` explores
// the small configuration. The URL names what the results show (it is rewritten at each run).

import { useEffect, useMemo, useState } from "preact/hooks";
import { BUILTIN_NAMES, BUILTIN_SOURCES, builtinScenarioInput } from "../builtins.ts";
import { compareCommand } from "../cli_command.ts";
import { type ScenarioInput, yamlInput } from "../jobs.ts";
import { decodeLink, encodeLink, linkNamesInputs } from "../link.ts";
import { lintScenario } from "../scenario_lint.ts";
import { type PlaygroundState, type ScenarioChoice, YAML_FILE } from "../state.ts";
import { CheckView } from "./check.tsx";
import { CheckPanel } from "./check_panel.tsx";
import { FailureView } from "./failure.tsx";
import { KernelPicker } from "./kernels.tsx";
import { Results } from "./results.tsx";
import { RunBar } from "./run_bar.tsx";
import { useRunner } from "./runner.ts";
import { ScenarioPanel } from "./scenario_panel.tsx";

function inputOf(choice: ScenarioChoice): ScenarioInput {
  return choice.kind === "builtin" ? builtinScenarioInput(choice.name) : yamlInput(YAML_FILE, choice.text);
}

function textOf(choice: ScenarioChoice): string {
  return choice.kind === "builtin" ? (BUILTIN_SOURCES.get(choice.name) ?? "") : choice.text;
}

/** Editing a built-in makes it the user's YAML; typing a built-in back makes it the built-in again. */
function choiceFor(base: string | null, text: string): ScenarioChoice {
  if (base !== null && BUILTIN_SOURCES.get(base) === text) return { kind: "builtin", name: base };
  return { kind: "yaml", text };
}

function copy(text: string): void {
  void navigator.clipboard?.writeText(text).catch(() => {});
}

export function App() {
  const initial = useMemo(() => decodeLink(location.search, BUILTIN_NAMES), []);
  const first = initial.state.scenario;
  const [base, setBase] = useState<string | null>(first.kind === "builtin" ? first.name : null);
  const [text, setText] = useState(textOf(first));
  const [revision, setRevision] = useState(0);
  const [kernels, setKernels] = useState<string[]>([...initial.state.kernels]);
  const [runs, setRuns] = useState(initial.state.runs);
  const [seed, setSeed] = useState(initial.state.seed);
  const [shared, setShared] = useState<{ link: string; cli: string } | null>(null);
  const runner = useRunner();

  const choice = choiceFor(base, text);
  const state: PlaygroundState = { scenario: choice, kernels, runs, seed };
  const input = inputOf(choice);
  const lint = lintScenario(input);
  const idle = lint === null && runner.busy === null;

  const run = (s: PlaygroundState) => {
    history.replaceState(null, "", encodeLink(s));
    void runner.compare(inputOf(s.scenario), s.kernels, s.runs, s.seed);
  };
  const pick = (name: string) => {
    setBase(name === "" ? null : name);
    if (name === "") return;
    setText(BUILTIN_SOURCES.get(name) ?? "");
    setRevision(revision + 1);
  };
  const share = (what: "link" | "cli") => {
    if (what === "link") history.replaceState(null, "", encodeLink(state));
    const s = {
      link: what === "link" ? location.href : (shared?.link ?? location.href),
      cli: compareCommand(state),
    };
    setShared(s);
    copy(what === "link" ? s.link : s.cli);
  };

  useEffect(() => {
    if (linkNamesInputs(location.search)) run(initial.state);
  }, []);

  return (
    <div class="page">
      <header>
        <h1>pinsim playground</h1>
        <p>
          The Linux longterm page-pinning path, simulated in your browser: the same engine, kernel model and
          numbers as the <code>pinsim</code> command.
        </p>
      </header>
      {initial.problems.length > 0 && (
        <ul class="error" data-testid="link-problems">
          {initial.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <main>
        <section class="inputs" data-testid="inputs">
          <ScenarioPanel
            choice={choice}
            text={text}
            revision={revision}
            file={input.file}
            lint={lint}
            lintText={(t) => lintScenario(inputOf(choiceFor(base, t)))}
            onPick={pick}
            onText={setText}
          />
          <KernelPicker kernels={kernels} onChange={setKernels} />
          <RunBar
            runs={runs}
            seed={seed}
            canRun={idle}
            busy={runner.busy}
            error={runner.error}
            shared={shared}
            onRuns={setRuns}
            onSeed={setSeed}
            onRun={() => run(state)}
            onShare={() => share("link")}
            onCopyCli={() => share("cli")}
          />
          <CheckPanel
            kernels={kernels}
            disabled={!idle}
            onRun={(kernel, cpus, folios, max) => void runner.runCheck(input, kernel, cpus, folios, max)}
          />
        </section>
        <section class="outputs">
          {runner.result === null && runner.check === null && (
            <p class="hint">Pick a scenario and kernels, then Run. Results appear here.</p>
          )}
          {runner.result !== null && (
            <Results
              outcome={runner.result.outcome}
              svg={runner.result.svg}
              onOpen={(f) => void runner.openFailure(input, f)}
            />
          )}
          {runner.failure !== null && (
            <FailureView run={runner.failure.run} outcome={runner.failure.outcome} />
          )}
          {runner.check !== null && <CheckView outcome={runner.check} />}
        </section>
      </main>
    </div>
  );
}
