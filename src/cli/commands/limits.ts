// --max-steps and --max-memory: how much simulation a command may ask for. Commands estimate
// what their runs need before starting and refuse past these (exit 2, with the estimate); each
// run also stops at them while running, for what the estimate cannot foresee.

import { parseSize, quantityFromText } from "../../engine/units.ts";
import { LimitError, type Limits } from "../../lab/run/budget.ts";
import { type Parsed, UsageError } from "../args.ts";
import { registerInputError } from "../input_error.ts";

registerInputError(LimitError);

export function limitsOf(args: Parsed, usage: string): Limits {
  const raw = args.options["max-memory"] as string;
  const r = parseSize(quantityFromText(raw));
  if (!r.ok || r.value === 0)
    throw new UsageError(`--max-memory: expected ${r.ok ? "a size above 0" : r.expected}`, usage);
  return { max_steps: args.options["max-steps"] as number, max_memory_bytes: r.value };
}
