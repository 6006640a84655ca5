// A kernel function's body bracketed by func_begin/func_end trace events (slices in Perfetto).
// Without a tracer the body is returned as is: every extra generator level would cost each of
// its later steps one more resume, and the simulator's hot paths run untraced.

import type { Proc } from "../engine/op.ts";
import type { Kernel } from "./kernel.ts";

export function traced<R>(k: Kernel, func: string, body: Proc<R>, value: (r: R) => number): Proc<R> {
  return k.tracer === null ? body : bracket(k, func, body, value);
}

function* bracket<R>(k: Kernel, func: string, body: Proc<R>, value: (r: R) => number): Proc<R> {
  k.traceFunc("func_begin", func);
  const r = yield* body;
  k.traceFunc("func_end", func, value(r));
  return r;
}
