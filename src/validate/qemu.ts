// Boots a kernel with our initramfs under QEMU (TCG: KVM does not work in nested VMs without
// vmx/svm) and returns the serial console. The init reboots when done; with -no-reboot QEMU
// then exits. A wall-clock timeout ends a guest that hangs.

import { spawn } from "node:child_process";
import { ValidateInputError } from "./errors.ts";

/** The emulator; PINSIM_QEMU names another binary (tests use it to play a missing QEMU). */
function qemuBinary(): string {
  return process.env.PINSIM_QEMU ?? "qemu-system-x86_64";
}

export interface BootOptions {
  readonly kernel: string;
  readonly initrd: string;
  readonly cpus: number;
  readonly memory_mib: number;
  readonly cmdline: string;
  readonly timeout_ms: number;
  /** Called with each console line as it arrives. */
  readonly onLine: (line: string) => void;
}

export interface Boot {
  readonly console: string;
  readonly elapsed_ms: number;
  readonly timed_out: boolean;
  readonly exit_code: number | null;
}

export function qemuArgs(o: BootOptions): string[] {
  return [
    ...["-machine", "q35", "-accel", "tcg,thread=multi", "-cpu", "max"],
    ...["-smp", String(o.cpus), "-m", `${o.memory_mib}M`],
    ...["-kernel", o.kernel, "-initrd", o.initrd, "-append", o.cmdline],
    ...[
      "-nographic",
      "-no-reboot",
      "-serial",
      "stdio",
      "-monitor",
      "none",
      "-display",
      "none",
      "-nodefaults",
    ],
  ];
}

export function boot(o: BootOptions): Promise<Boot> {
  const started_ms = Date.now();
  const qemu = qemuBinary();
  return new Promise((resolve, reject) => {
    const child = spawn(qemu, qemuArgs(o), { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let partial = "";
    let timed_out = false;
    const timer = setTimeout(() => {
      timed_out = true;
      child.kill("SIGKILL");
    }, o.timeout_ms);
    child.stdout.setEncoding("latin1");
    child.stdout.on("data", (d: string) => {
      out += d;
      const lines = (partial + d).split(/\r?\n/);
      partial = lines.pop()!;
      for (const l of lines) o.onLine(l);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => {
      err += d;
    });
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        e.code === "ENOENT"
          ? new ValidateInputError(`${qemu} not found: apt-get install qemu-system-x86`)
          : e,
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0 && !timed_out && err.trim() !== "" && !out.includes("PINSIM"))
        return reject(new ValidateInputError(`${qemu} failed: ${err.trim()}`));
      resolve({ console: out, elapsed_ms: Date.now() - started_ms, timed_out, exit_code: code });
    });
  });
}
