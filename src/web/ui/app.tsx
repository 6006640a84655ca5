// The playground: a scenario (built-in or YAML), kernels, runs and seed in; the comparison table,
// its chart and the failed runs out; a failed run opens its story and timeline; `check` explores
// the small configuration. The URL always names what the results show.

import { useEffect, useMemo, useState } from "preact/hooks";
import { BUILTIN_NAMES, BUILTIN_SOURCES, builtinDescription, builtinScenarioInput } from "../builtins.ts";
import { compareCommand } from "../cli_command.ts";
import {
  type CheckOutcome,
  type CompareOutcome,
  type FailedRun,
  type FailureOutcome,
  type ScenarioInput,
  yamlInput,
} from "../jobs.ts";
import { decodeLink, encodeLink, linkNamesInputs } from "../link.ts";
import { lintScenario } from "../scenario_lint.ts";
import { MAX_RUNS, MAX_SEED, type PlaygroundState, type ScenarioChoice, YAML_FILE } from "../state.ts";
import { CheckView } from "./check.tsx";
import { CheckPanel } from "./check_panel.tsx";
import { Editor } from "./editor.tsx";
import { FailureView } from "./failure.tsx";
import { KernelPicker } from "./kernels.tsx";
import { Results } from "./results.tsx";
import { startJob } from "./worker_client.ts";

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

type Busy = { readonly what: string; readonly done: number; readonly total: number } | null;

export function App() {
  const initial = useMemo(() => decodeLink(location.search, BUILTIN_NAMES), []);
  const [base, setBase] = useState<string | null>(
    initial.state.scenario.kind === "builtin" ? initial.state.scenario.name : null,
  );
  const [text, setText] = useState(textOf(initial.state.scenario));
  const [revision, setRevision] = useState(0);
  const [kernels, setKernels] = useState<string[]>([...initial.state.kernels]);
  const [runs, setRuns] = useState(initial.state.runs);
  const [seed, setSeed] = useState(initial.state.seed);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ outcome: CompareOutcome; svg: string } | null>(null);
  const [failure, setFailure] = useState<{ run: FailedRun; outcome: FailureOutcome } | null>(null);
  const [check, setCheck] = useState<CheckOutcome | null>(null);
  const [shared, setShared] = useState<{ link: string; cli: string } | null>(null);

  const choice = choiceFor(base, text);
  const state: PlaygroundState = { scenario: choice, kernels, runs, seed };
  const input = inputOf(choice);
  const lint = lintScenario(input);

  const runCompare = async (s: PlaygroundState) => {
    history.replaceState(null, "", encodeLink(s));
    setError(null);
    setFailure(null);
    setBusy({ what: "running", done: 0, total: s.runs * s.kernels.length });
    const r = await startJob(
      {
        kind: "compare",
        req: { input: inputOf(s.scenario), kernels: s.kernels, runs: s.runs, seed: s.seed },
      },
      (done, total) => setBusy({ what: "running", done, total }),
    );
    setBusy(null);
    if (r.kind === "compare") setResult({ outcome: r.outcome, svg: r.svg });
    else if (r.kind === "error") setError(r.message);
  };

  const openFailure = async (run: FailedRun) => {
    setError(null);
    setBusy({ what: `explaining ${run.kernel} seed ${run.seed}`, done: 0, total: 0 });
    const r = await startJob(
      { kind: "failure", req: { input, kernel: run.kernel, seed: run.seed } },
      () => {},
    );
    setBusy(null);
    if (r.kind === "failure") setFailure({ run, outcome: r.outcome });
    else if (r.kind === "error") setError(r.message);
  };

  const runCheck = async (
    kernel: string,
    cpus: number | undefined,
    folios: number | undefined,
    max: number,
  ) => {
    setError(null);
    setBusy({ what: "checking", done: 0, total: max });
    const r = await startJob(
      { kind: "check", req: { input, kernel, cpus, folios, maxExecutions: max } },
      (done, total) => setBusy({ what: "checking", done, total }),
    );
    setBusy(null);
    if (r.kind === "check") setCheck(r.outcome);
    else if (r.kind === "error") setError(r.message);
  };

  const share = () => {
    history.replaceState(null, "", encodeLink(state));
    const s = { link: location.href, cli: compareCommand(state) };
    setShared(s);
    void navigator.clipboard?.writeText(s.link).catch(() => {});
  };
  const copyCli = () => {
    const s = { link: shared?.link ?? location.href, cli: compareCommand(state) };
    setShared(s);
    void navigator.clipboard?.writeText(s.cli).catch(() => {});
  };

  useEffect(() => {
    if (linkNamesInputs(location.search)) void runCompare(initial.state);
  }, []);

  const pick = (name: string) => {
    if (name === "") {
      setBase(null);
      return;
    }
    setBase(name);
    setText(BUILTIN_SOURCES.get(name) ?? "");
    setRevision(revision + 1);
  };

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
          <h2>Scenario</h2>
          <select
            value={choice.kind === "builtin" ? choice.name : ""}
            onChange={(e) => pick((e.target as HTMLSelectElement).value)}
            data-testid="scenario-select"
          >
            <option value="">your YAML ({YAML_FILE})</option>
            {BUILTIN_NAMES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          {choice.kind === "builtin" && <p class="description">{builtinDescription(choice.name)}</p>}
          <Editor
            text={text}
            revision={revision}
            onChange={setText}
            lint={(t) => lintScenario(inputOf(choiceFor(base, t)))}
          />
          <p class={lint === null ? "lint ok" : "lint error"} data-testid="lint">
            {lint === null ? `${input.file}: loads` : lint.message}
          </p>
          <KernelPicker kernels={kernels} onChange={setKernels} />
          <section class="numbers">
            <label>
              runs{" "}
              <input
                type="number"
                min={1}
                max={MAX_RUNS}
                value={runs}
                onInput={(e) => setRuns(clampInt((e.target as HTMLInputElement).value, 1, MAX_RUNS, runs))}
                data-testid="runs"
              />
            </label>
            <label>
              seed{" "}
              <input
                type="number"
                min={0}
                max={MAX_SEED}
                value={seed}
                onInput={(e) => setSeed(clampInt((e.target as HTMLInputElement).value, 0, MAX_SEED, seed))}
                data-testid="seed"
              />
            </label>
          </section>
          <div class="actions">
            <button
              type="button"
              class="primary"
              disabled={lint !== null || busy !== null}
              onClick={() => void runCompare(state)}
              data-testid="run"
            >
              Run
            </button>
            <button type="button" onClick={share} data-testid="share">
              Copy link
            </button>
            <button type="button" onClick={copyCli} data-testid="copy-cli">
              Copy CLI command
            </button>
          </div>
          {shared !== null && (
            <div class="shared">
              <input readOnly value={shared.link} data-testid="share-link" />
              <textarea
                readOnly
                value={shared.cli}
                rows={Math.min(12, shared.cli.split("\n").length)}
                data-testid="cli-command"
              />
            </div>
          )}
          {busy !== null && (
            <div class="progress" data-testid="progress">
              <span>{busy.what}</span>
              {busy.total > 0 ? <progress value={busy.done} max={busy.total} /> : <progress />}
              {busy.total > 0 && (
                <span>
                  {busy.done} / {busy.total}
                </span>
              )}
            </div>
          )}
          {error !== null && (
            <pre class="error" data-testid="error">
              {error}
            </pre>
          )}
          <CheckPanel kernels={kernels} disabled={lint !== null || busy !== null} onRun={runCheck} />
        </section>
        <section class="outputs">
          {result === null && check === null && (
            <p class="hint">Pick a scenario and kernels, then Run. Results appear here.</p>
          )}
          {result !== null && <Results outcome={result.outcome} svg={result.svg} onOpen={openFailure} />}
          {failure !== null && <FailureView run={failure.run} outcome={failure.outcome} />}
          {check !== null && <CheckView outcome={check} />}
        </section>
      </main>
    </div>
  );
}

function clampInt(text: string, min: number, max: number, fallback: number): number {
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : fallback;
}
