// `pinsim validate`: what it accepts and its --help (cli/commands/validate.ts runs it).

import type { CommandSpec } from "../args.ts";

export const VALIDATE_SPEC: CommandSpec = {
  name: "validate",
  summary: "Run a scenario's programs on a real Linux kernel under QEMU and in its model, side by side.",
  positionals: [
    { name: "<scenario>", help: "built-in scenario name (pinsim scenarios) or path to a .yaml file" },
  ],
  options: [
    {
      name: "kernel-image",
      type: "string",
      valueName: "FILE",
      help: "boot this bzImage (e.g. from scripts/build-6.1-kernel.sh)",
    },
    {
      name: "debian-kernel",
      type: "string",
      valueName: "VERSION",
      help: "boot this Debian cloud kernel, e.g. 6.1.0-56 (default: the one linux-image-cloud-amd64 depends on)",
    },
    {
      name: "model",
      type: "string",
      valueName: "KERNEL",
      help: "pinsim kernel to compare with (default: from the booted kernel's version, e.g. debian-6.1)",
    },
    { name: "runs", type: "int", min: 1, default: 5, help: "runs on each side (fresh buffers each run)" },
    { name: "cpus", type: "int", min: 1, help: "guest CPUs (default: the scenario's machine.cpus)" },
    { name: "seed", type: "int", min: 0, default: 1, help: "seed of the model's first run" },
    {
      name: "sleep-scale",
      type: "number",
      valueName: "FACTOR",
      min: 1,
      default: 200,
      help: "real sleeps are the scenario's times this factor (the guest runs 10-100x slower under TCG, more on a loaded host)",
    },
    {
      name: "timeout",
      type: "int",
      valueName: "SECONDS",
      min: 10,
      help: "seconds before the guest is killed (default 120 + 30 per run)",
    },
    {
      name: "trace",
      type: "boolean",
      help: "record each pin's probe events with stack traces in the console log",
    },
    { name: "json", type: "boolean", help: "machine-readable output on stdout" },
    { name: "quiet", type: "boolean", help: "no progress on the terminal" },
  ],
  examples: [
    "pinsim validate mlock-remote-batch",
    "pinsim validate mlock-remote-batch --kernel-image ~/.cache/pinsim/bzImage-old-lru --runs 3",
  ],
  exitCodes: [
    "0 the real kernel and the model agree on every measure",
    "1 they differ (the table marks which measures)",
    "2 bad input, or QEMU or the kernel cannot be had (the message says how to install them)",
  ],
};
