// Messages between the page and its Web Worker (worker.ts): one job at a time; the page ends a
// job it no longer wants by terminating the worker.

import type {
  CheckOutcome,
  CheckRequestWeb,
  CompareOutcome,
  CompareRequest,
  FailureOutcome,
  FailureRequest,
} from "./jobs.ts";

export type Job =
  | { readonly kind: "compare"; readonly req: CompareRequest }
  | { readonly kind: "failure"; readonly req: FailureRequest }
  | { readonly kind: "check"; readonly req: CheckRequestWeb };

export type Reply =
  | { readonly kind: "progress"; readonly done: number; readonly total: number }
  | { readonly kind: "compare"; readonly outcome: CompareOutcome; readonly svg: string }
  | { readonly kind: "failure"; readonly outcome: FailureOutcome }
  | { readonly kind: "check"; readonly outcome: CheckOutcome }
  /** Bad input (the message names what and where) or a model error. */
  | { readonly kind: "error"; readonly message: string };
