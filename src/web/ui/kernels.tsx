// Picking kernels: the chosen ones in order (the first is the baseline), and a base with patches
// to add, each with the `pinsim versions` description; or a kernel typed as on the command line.

import { useState } from "preact/hooks";
import { listVersions } from "../../versions/list.ts";
import { resolveKernel } from "../../versions/resolve.ts";

const VERSIONS = listVersions();
const BASES = VERSIONS.filter((v) => v.kind !== "patch");
const PATCHES = VERSIONS.filter((v) => v.kind === "patch");

export interface KernelPickerProps {
  readonly kernels: readonly string[];
  readonly onChange: (kernels: string[]) => void;
}

/** null when `spec` names a kernel pinsim models; else why not. */
function kernelProblem(spec: string): string | null {
  try {
    resolveKernel(spec);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function KernelPicker({ kernels, onChange }: KernelPickerProps) {
  const [base, setBase] = useState(BASES[0]!.name);
  const [patches, setPatches] = useState<string[]>([]);
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const add = (spec: string) => {
    const p = kernelProblem(spec);
    setProblem(p);
    if (p === null && !kernels.includes(spec)) onChange([...kernels, spec]);
  };
  const toggle = (name: string) =>
    setPatches(patches.includes(name) ? patches.filter((p) => p !== name) : [...patches, name]);
  const composed = [base, ...patches].join("+");
  return (
    <section class="kernels">
      <h2>Kernels</h2>
      <ol class="chips" data-testid="kernels">
        {kernels.map((k, i) => (
          <li key={k} class="chip" data-testid="kernel-chip">
            <span>{k}</span>
            {i === 0 && <em> baseline</em>}
            <button
              type="button"
              title={`remove ${k}`}
              disabled={kernels.length === 1}
              onClick={() => onChange(kernels.filter((x) => x !== k))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <details class="add-kernel">
        <summary>Add a kernel</summary>
        <label>
          base{" "}
          <select value={base} onChange={(e) => setBase((e.target as HTMLSelectElement).value)}>
            {BASES.map((b) => (
              <option key={b.name} value={b.name} title={b.summary}>
                {b.name} — {b.summary}
              </option>
            ))}
          </select>
        </label>
        <ul class="patches">
          {PATCHES.map((p) => (
            <li key={p.name}>
              <label title={p.cites.map((c) => `${c.commit ?? "(no commit)"} ${c.subject}`).join("\n")}>
                <input type="checkbox" checked={patches.includes(p.name)} onChange={() => toggle(p.name)} />
                <code>+{p.name}</code> {p.summary}
              </label>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => add(composed)}>
          Add {composed}
        </button>
        <div class="typed">
          <input
            type="text"
            placeholder="or type one: v6.18+hubbard-wait=10ms"
            value={typed}
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
            data-testid="kernel-input"
          />
          <button type="button" onClick={() => add(typed.trim())} data-testid="kernel-add">
            Add
          </button>
        </div>
        {problem !== null && <p class="error">{problem}</p>}
      </details>
    </section>
  );
}
