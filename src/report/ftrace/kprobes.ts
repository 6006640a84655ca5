// Return probes on the pin path, as a developer tracing it on a real kernel would set them up:
//   echo 'r pin_user_pages ret=$retval:s64'        >> /sys/kernel/tracing/kprobe_events
//   echo 'r pin_user_pages_fast ret=$retval:s64'   >> /sys/kernel/tracing/kprobe_events
//   echo 'r __gup_longterm_locked ret=$retval:s64' >> /sys/kernel/tracing/kprobe_events
//   echo 1 > /sys/kernel/tracing/events/kprobes/enable
// An unnamed return probe is called r_<symbol>_0, and its line reads
//   r___gup_longterm_locked_0: (pin_user_pages+0x5c/0x98 <- __gup_longterm_locked) ret=-12
// i.e. the return address as symbol+offset/size in the caller, "<-", the probed function, then
// the fetched arguments (print_kretprobe_event() in kernel/trace/trace_kprobe.c).
// The caller is the traced function the return goes back into; a pin entry point called from
// outside any traced function names the kernel caller of the workload that pins (io_uring's
// io_pin_pages(), pKVM's __pkvm_pin_user_pages()). pinsim has no text addresses: the offsets
// and sizes are made up, the same for every call from one caller.

import { intText, type KernelLine } from "./fields.ts";

const PROBED: ReadonlySet<string> = new Set([
  "pin_user_pages",
  "pin_user_pages_fast",
  "__gup_longterm_locked",
]);

/** Who calls each probed function when no traced caller encloses it. */
const ENTRY_CALLERS: Readonly<Record<string, string>> = {
  pin_user_pages: "__pkvm_pin_user_pages",
  pin_user_pages_fast: "io_pin_pages",
};

export function isProbed(func: string): boolean {
  return PROBED.has(func);
}

export function kretprobeEvent(func: string): string {
  return `r_${func}_0`;
}

/** Every name kretprobeLine can print (for --events). */
export const KRETPROBE_EVENTS: readonly string[] = [...PROBED].map(kretprobeEvent);

/** A stable made-up offset/size for a call site: a small hash of the two names. */
function callSite(caller: string, func: string): string {
  let h = 2166136261;
  for (const c of `${caller}<-${func}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const size = 0x100 + (h % 0x700);
  const offset = 0x10 + ((h >>> 12) % (size - 0x20));
  return `+0x${offset.toString(16)}/0x${size.toString(16)}`;
}

export function kretprobeLine(func: string, caller: string | undefined, ret: number): KernelLine {
  const from = caller ?? ENTRY_CALLERS[func] ?? "do_syscall_64";
  return {
    event: kretprobeEvent(func),
    fields: `(${from}${callSite(from, func)} <- ${func}) ret=${intText(ret)}`,
  };
}
