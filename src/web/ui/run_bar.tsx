// Runs and seed, the Run / Copy link / Copy CLI command buttons, what was copied, the progress of
// the running job and its error.

import { MAX_RUNS, MAX_SEED } from "../state.ts";
import type { Busy } from "./runner.ts";

export interface RunBarProps {
  readonly runs: number;
  readonly seed: number;
  readonly canRun: boolean;
  readonly busy: Busy;
  readonly error: string | null;
  readonly shared: { readonly link: string; readonly cli: string } | null;
  readonly onRuns: (runs: number) => void;
  readonly onSeed: (seed: number) => void;
  readonly onRun: () => void;
  readonly onShare: () => void;
  readonly onCopyCli: () => void;
}

function clampInt(text: string, min: number, max: number, fallback: number): number {
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : fallback;
}

interface IntFieldProps {
  readonly name: "runs" | "seed";
  readonly min: number;
  readonly max: number;
  readonly value: number;
  readonly onChange: (n: number) => void;
}

/** A labelled integer input that keeps its last valid value while the text is not one. */
function IntField(p: IntFieldProps) {
  return (
    <label>
      {p.name}{" "}
      <input
        type="number"
        min={p.min}
        max={p.max}
        value={p.value}
        onInput={(e) => p.onChange(clampInt((e.target as HTMLInputElement).value, p.min, p.max, p.value))}
        data-testid={p.name}
      />
    </label>
  );
}

export function RunBar(p: RunBarProps) {
  return (
    <>
      <section class="numbers">
        <IntField name="runs" min={1} max={MAX_RUNS} value={p.runs} onChange={p.onRuns} />
        <IntField name="seed" min={0} max={MAX_SEED} value={p.seed} onChange={p.onSeed} />
      </section>
      <div class="actions">
        <button type="button" class="primary" disabled={!p.canRun} onClick={p.onRun} data-testid="run">
          Run
        </button>
        <button type="button" onClick={p.onShare} data-testid="share">
          Copy link
        </button>
        <button type="button" onClick={p.onCopyCli} data-testid="copy-cli">
          Copy CLI command
        </button>
      </div>
      {p.shared !== null && (
        <div class="shared">
          <input readOnly value={p.shared.link} data-testid="share-link" />
          <textarea
            readOnly
            value={p.shared.cli}
            rows={Math.min(12, p.shared.cli.split("\n").length)}
            data-testid="cli-command"
          />
        </div>
      )}
      {p.busy !== null && (
        <div class="progress" data-testid="progress">
          <span>{p.busy.what}</span>
          {p.busy.total > 0 ? <progress value={p.busy.done} max={p.busy.total} /> : <progress />}
          {p.busy.total > 0 && (
            <span>
              {p.busy.done} / {p.busy.total}
            </span>
          )}
        </div>
      )}
      {p.error !== null && (
        <pre class="error" data-testid="error">
          {p.error}
        </pre>
      )}
    </>
  );
}
