// A failed run as a per-CPU timeline (report/timeline): kernel function slices in one lane per
// CPU, the failed folio's stays in per-CPU batches under the lane of the batch's CPU (the stay
// that held the extra reference in red), the migration refcount checks as marks, and the folio's
// reference ledger by holder over time below. Zoomed to the folio's life by default.

import { useState } from "preact/hooks";
import type { Timeline, TimelineSlice } from "../../report/timeline/timeline.ts";

const WIDTH = 1100;
const LABEL = 70;
const ROW = 14;
const LEDGER_H = 120;

const HOLDER_COLORS: Record<string, string> = {
  pagecache: "#9ecae1",
  mapping: "#6baed6",
  "lru-batch": "#fd8d3c",
  "mlock-batch": "#e6550d",
  isolation: "#bcbddc",
  "gup-pin": "#31a354",
  "gup-get": "#a1d99b",
  transient: "#de2d26",
  alloc: "#d9d9d9",
};

function color(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360} 45% 72%)`;
}

function formatNs(t_ns: number): string {
  if (t_ns >= 1e6) return `${(t_ns / 1e6).toFixed(3)} ms`;
  if (t_ns >= 1e3) return `${(t_ns / 1e3).toFixed(1)} µs`;
  return `${t_ns} ns`;
}

/** The folio's life, from its first reference to the last failed check, with a margin. */
function folioWindow(t: Timeline): [number, number] {
  const times = [...t.ledger.map((l) => l.t_ns), ...t.checks.map((c) => c.t_ns)];
  if (times.length === 0) return [0, Math.max(1, t.end_ns)];
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const pad = Math.max(1000, (hi - lo) * 0.05);
  return [Math.max(0, lo - pad), hi + pad];
}

export function TimelineView({ timeline }: { readonly timeline: Timeline }) {
  const [whole, setWhole] = useState(false);
  const [lo, hi] = whole ? [0, Math.max(1, timeline.end_ns)] : folioWindow(timeline);
  const x = (t: number) => LABEL + ((t - lo) / (hi - lo)) * (WIDTH - LABEL - 10);
  const visible = (a: number, b: number) => b >= lo && a <= hi;
  const lanes = timeline.cpus.map((cpu) => {
    const slices = timeline.slices.filter((s) => s.cpu === cpu && visible(s.start_ns, s.end_ns));
    const depth = Math.max(1, ...slices.map((s) => s.depth + 1));
    const stays = timeline.stays.filter((s) => s.batch_cpu === cpu && visible(s.from_ns, s.to_ns));
    return { cpu, slices, depth, stays };
  });
  let y = 24;
  const laneTops = lanes.map((l) => {
    const top = y;
    y += l.depth * ROW + (l.stays.length > 0 ? ROW : 0) + 10;
    return top;
  });
  const ledgerTop = y + 10;
  const height = ledgerTop + LEDGER_H + 30;
  return (
    <div class="timeline" data-testid="timeline">
      <div class="timeline-bar">
        <span>
          folio f{timeline.folio ?? "?"} · {formatNs(lo)} – {formatNs(hi)}
        </span>
        <label>
          <input type="checkbox" checked={whole} onChange={() => setWhole(!whole)} /> whole run
        </label>
      </div>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label="per-CPU timeline">
        <Axis x={x} lo={lo} hi={hi} />
        {lanes.map((l, i) => (
          <Lane key={l.cpu} lane={l} top={laneTops[i]!} x={x} lo={lo} hi={hi} />
        ))}
        {timeline.checks
          .filter((c) => c.t_ns >= lo && c.t_ns <= hi)
          .map((c) => (
            <line
              key={`${c.t_ns}-${c.pass}`}
              class={c.ok ? "check-ok" : "check-failed"}
              x1={x(c.t_ns)}
              x2={x(c.t_ns)}
              y1={20}
              y2={ledgerTop + LEDGER_H}
            >
              <title>
                migration refcount check, pass {c.pass}: refcount {c.refcount}, expected {c.expected}
                {c.ok ? "" : " — failed"}
              </title>
            </line>
          ))}
        <Ledger timeline={timeline} top={ledgerTop} x={x} lo={lo} hi={hi} />
      </svg>
    </div>
  );
}

function Axis({ x, lo, hi }: { x: (t: number) => number; lo: number; hi: number }) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * (hi - lo));
  return (
    <g class="axis">
      {ticks.map((t) => (
        <text key={t} x={x(t)} y={12} text-anchor="middle">
          {formatNs(Math.round(t))}
        </text>
      ))}
    </g>
  );
}

interface LaneData {
  readonly cpu: number;
  readonly slices: readonly TimelineSlice[];
  readonly depth: number;
  readonly stays: Timeline["stays"];
}

function Lane(props: { lane: LaneData; top: number; x: (t: number) => number; lo: number; hi: number }) {
  const { lane, top, x, lo, hi } = props;
  const clip = (t: number) => Math.min(hi, Math.max(lo, t));
  const stayY = top + lane.depth * ROW + 2;
  return (
    <g class="lane" data-cpu={lane.cpu}>
      <text x={4} y={top + 11} class="lane-label">
        CPU {lane.cpu}
      </text>
      <line x1={LABEL} x2={WIDTH} y1={top - 3} y2={top - 3} class="lane-sep" />
      {lane.slices.map((s) => {
        const x0 = x(clip(s.start_ns));
        const w = Math.max(1, x(clip(s.end_ns)) - x0);
        return (
          <g key={`${s.start_ns}-${s.depth}-${s.name}`}>
            <rect x={x0} y={top + s.depth * ROW} width={w} height={ROW - 2} fill={color(s.name)}>
              <title>
                {s.task}: {s.name} {formatNs(s.start_ns)} – {formatNs(s.end_ns)}
              </title>
            </rect>
            {w > s.name.length * 6 && (
              <text x={x0 + 2} y={top + s.depth * ROW + 10} class="slice-label">
                {s.name}
              </text>
            )}
          </g>
        );
      })}
      {lane.stays.map((s) => {
        const x0 = x(clip(s.from_ns));
        const w = Math.max(2, x(clip(s.to_ns)) - x0);
        return (
          <g key={`${s.batch}-${s.from_ns}`} class={s.extra ? "stay extra" : "stay"}>
            <rect x={x0} y={stayY} width={w} height={ROW - 4} />
            <text x={x0 + 3} y={stayY + 9} class="stay-label">
              {s.batch} batch of CPU {s.batch_cpu}
              {s.extra ? " — holds the extra reference" : ""}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function Ledger(props: {
  timeline: Timeline;
  top: number;
  x: (t: number) => number;
  lo: number;
  hi: number;
}) {
  const { timeline, top, x, lo, hi } = props;
  const steps = timeline.ledger;
  const holders = [...new Set(steps.flatMap((s) => Object.keys(s.holders)))];
  const maxRefs = Math.max(1, ...steps.map((s) => Object.values(s.holders).reduce((a, b) => a + b, 0)));
  const yOf = (refs: number) => top + LEDGER_H - (refs / maxRefs) * LEDGER_H;
  const bands = steps.map((s, i) => {
    const from = Math.max(lo, s.t_ns);
    const to = Math.min(hi, steps[i + 1]?.t_ns ?? hi);
    const parts: { h: string; lo: number; hi: number }[] = [];
    let acc = 0;
    for (const h of holders) {
      const refs = s.holders[h] ?? 0;
      parts.push({ h, lo: acc, hi: acc + refs });
      acc += refs;
    }
    return { from, to, parts };
  });
  return (
    <g class="ledger">
      <text x={4} y={top + 10} class="lane-label">
        ledger
      </text>
      <text x={4} y={top + 24} class="ledger-note">
        refs of f{timeline.folio}
      </text>
      {bands
        .filter((b) => b.to > b.from)
        .map((b) =>
          b.parts
            .filter((p) => p.hi > p.lo)
            .map((p) => (
              <rect
                key={`${b.from}-${p.h}`}
                x={x(b.from)}
                width={Math.max(0.5, x(b.to) - x(b.from))}
                y={yOf(p.hi)}
                height={yOf(p.lo) - yOf(p.hi)}
                fill={HOLDER_COLORS[p.h] ?? color(p.h)}
              >
                <title>
                  {p.h}: {p.hi - p.lo}
                </title>
              </rect>
            )),
        )}
      {holders.map((h, i) => (
        <g key={h} transform={`translate(${LABEL + i * 110}, ${top + LEDGER_H + 18})`}>
          <rect width={10} height={10} fill={HOLDER_COLORS[h] ?? color(h)} />
          <text x={14} y={9} class="legend">
            {h}
          </text>
        </g>
      ))}
    </g>
  );
}
