// The inputs of `pinsim check` on the page: one kernel, the small machine's size, and a cap on
// executions (the page runs in a tab; the command line has no need of one).

import { useState } from "preact/hooks";

export interface CheckPanelProps {
  readonly kernels: readonly string[];
  readonly disabled: boolean;
  readonly onRun: (kernel: string, cpus: number | undefined, folios: number | undefined, max: number) => void;
}

function optionalInt(text: string): number | undefined {
  const n = Number(text);
  return text.trim() === "" || !Number.isSafeInteger(n) ? undefined : n;
}

export function CheckPanel({ kernels, disabled, onRun }: CheckPanelProps) {
  const [kernel, setKernel] = useState(kernels[0] ?? "");
  const [cpus, setCpus] = useState("");
  const [folios, setFolios] = useState("1");
  const [max, setMax] = useState(20_000);
  const chosen = kernels.includes(kernel) ? kernel : (kernels[0] ?? "");
  return (
    <section class="check-panel">
      <h2>Model check</h2>
      <p class="hint">Every interleaving of a small configuration (dpor): can the property fail at all?</p>
      <label>
        kernel{" "}
        <select value={chosen} onChange={(e) => setKernel((e.target as HTMLSelectElement).value)}>
          {kernels.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        CPUs{" "}
        <input
          type="number"
          min={1}
          max={16}
          placeholder="auto"
          value={cpus}
          onInput={(e) => setCpus((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        folios{" "}
        <input
          type="number"
          min={1}
          max={16}
          value={folios}
          onInput={(e) => setFolios((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        max executions{" "}
        <input
          type="number"
          min={1}
          value={max}
          onInput={(e) => setMax(optionalInt((e.target as HTMLInputElement).value) ?? max)}
        />
      </label>
      <button
        type="button"
        disabled={disabled}
        onClick={() => onRun(chosen, optionalInt(cpus), optionalInt(folios), max)}
        data-testid="check"
      >
        Check
      </button>
    </section>
  );
}
