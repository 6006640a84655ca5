import { describe, expect, it } from "vitest";
import type { TraceEvent, TraceTask } from "../../kernel/trace.ts";
import { formatFtrace } from "./ftrace.ts";
import { HEADER_LINES } from "./header.ts";
import { kretprobeLine } from "./kprobes.ts";

const VCPU: TraceTask = { pid: 7, comm: "vcpu" };

function at(
  t_ns: number,
  type: "func_begin" | "func_end" | "func_return",
  func: string,
  value = 0,
): TraceEvent {
  return { t_ns, cpu: 2, task: VCPU, type, func, value };
}

/** The probe lines of a trace, without their common prefix. */
function probes(events: readonly TraceEvent[]): string[] {
  return formatFtrace(events)
    .split("\n")
    .slice(HEADER_LINES, -1)
    .filter((l) => / r_\w+_0: /.test(l))
    .map((l) => l.slice(l.indexOf(" r_") + 1));
}

describe("return probes on the pin path", () => {
  it("prints a kretprobe line as the kernel does: (caller+off/size <- func) then the fetched args", () => {
    const { event, fields } = kretprobeLine("__gup_longterm_locked", "pin_user_pages", -12);
    expect(event).toBe("r___gup_longterm_locked_0");
    expect(fields).toMatch(/^\(pin_user_pages\+0x[0-9a-f]+\/0x[0-9a-f]+ <- __gup_longterm_locked\) ret=-12$/);
    const [, off, size] = /\+0x([0-9a-f]+)\/0x([0-9a-f]+)/.exec(fields)!;
    expect(Number.parseInt(off!, 16)).toBeLessThan(Number.parseInt(size!, 16));
    expect(kretprobeLine("__gup_longterm_locked", "pin_user_pages", 1).fields).toMatch(
      new RegExp(`^${fields.slice(0, fields.indexOf(")") + 1).replace(/[()+/]/g, "\\$&")} ret=1$`),
    );
  });

  it("finds the pin's result: __gup_longterm_locked returns into the pin, the pin into its workload's caller", () => {
    const lines = probes([
      at(0, "func_begin", "pin_user_pages", 0),
      at(1, "func_begin", "migrate_pages", 0),
      at(2, "func_end", "migrate_pages", 1),
      at(3, "func_return", "__gup_longterm_locked", -12),
      at(4, "func_end", "pin_user_pages", -12),
      at(5, "func_begin", "pin_user_pages_fast", 0),
      at(6, "func_end", "pin_user_pages_fast", 256),
    ]);
    expect(lines.map((l) => l.replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/, ""))).toEqual([
      "r___gup_longterm_locked_0: (pin_user_pages <- __gup_longterm_locked) ret=-12",
      "r_pin_user_pages_0: (__pkvm_pin_user_pages <- pin_user_pages) ret=-12",
      "r_pin_user_pages_fast_0: (io_pin_pages <- pin_user_pages_fast) ret=256",
    ]);
  });

  it("probes only the pin path's functions", () => {
    expect(
      probes([
        at(0, "func_begin", "migrate_pages", 0),
        at(1, "func_end", "migrate_pages", 1),
        at(2, "func_return", "lru_add_drain", 0),
      ]),
    ).toEqual([]);
  });
});
