// tracing_mark_write payloads in the atrace grammar Perfetto's systrace importer parses
// (systrace_parser.h): "B|tgid|name", "E|tgid", "C|tgid|name|int64", "I|tgid|name".
// B, E and I land on the thread (line pid) track; C is grouped by the tgid field, not by the
// writer. pinsim's counters describe machine state (a folio's refcount, a per-CPU batch), written
// by whichever task touched it, so they all carry one tgid, COUNTER_TGID = 0 (the tgid kernel-side
// atrace counters use): each counter is then one continuous track rather than one fragment per
// writing task. B/E/I carry the writer's pid as tgid: every pinsim task is its own process.

import { intText } from "./fields.ts";

export const COUNTER_TGID = 0;
export const MARK_EVENT = "tracing_mark_write";

/** '|' separates atrace fields and a newline would end the line: neither may appear in a name. */
export function markName(name: string): string {
  const clean = name.replace(/[|\r\n]/g, "_");
  return clean.length === 0 ? "_" : clean;
}

export function markBegin(pid: number, name: string): string {
  return `B|${pid}|${markName(name)}`;
}

export function markEnd(pid: number): string {
  return `E|${pid}`;
}

export function markCounter(name: string, value: number): string {
  return `C|${COUNTER_TGID}|${markName(name)}|${intText(value)}`;
}

export function markInstant(pid: number, name: string): string {
  return `I|${pid}|${markName(name)}`;
}

/** Counter names, shared with the Chrome view so both show the same tracks. */
export function folioRefcountName(folio: number): string {
  return `folio ${folio} refcount`;
}

export function folioExpectedName(folio: number): string {
  return `folio ${folio} expected refcount`;
}

export function batchSizeName(batchCpu: number, batch: string): string {
  return `cpu${batchCpu} ${batch} batch`;
}
