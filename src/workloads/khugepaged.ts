// The khugepaged kernel thread (mm/khugepaged.c khugepaged()): a scan, then a sleep of
// scan_sleep_millisecs, over and over. Each scan drains every CPU's batches first
// (kernel/khugepaged.ts), at times a pinning task cannot predict.

import type { KhugepagedActor } from "../scenarios/scenario.ts";
import type { StepSource } from "./program/interpreter.ts";

export function* khugepagedSteps(a: KhugepagedActor): StepSource {
  yield { op: "sleep_until", at_ns: a.start_ns };
  for (let i = 0; i < a.scans; i++) {
    if (i > 0) yield { op: "sleep", ns: a.interval_ns };
    yield { op: "khugepaged_scan" };
  }
}
