// `pinsim validate <scenario>`: runs the scenario on a real Linux kernel under QEMU and in the
// model of that kernel, and says measure by measure whether they agree (exit 0) or not (1).

import { formatValidate, validateJson } from "../../report/text/validate.ts";
import { loadScenario } from "../../scenarios/index.ts";
import { ValidateInputError } from "../../validate/errors.ts";
import { validate } from "../../validate/validate.ts";
import type { Command, Io } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { VALIDATE_SPEC } from "../specs/validate.ts";

registerInputError(ValidateInputError);

function stages(io: Io, quiet: boolean): { show(s: string): void; done(): void } {
  if (quiet || !io.errIsTty) return { show() {}, done() {} };
  let width = 0;
  return {
    show(s) {
      const line = `validate: ${s}`;
      io.err(`\r${line.padEnd(width)}`);
      width = Math.max(width, line.length);
    },
    done() {
      if (width > 0) io.err(`\r${" ".repeat(width)}\r`);
    },
  };
}

export const validateCommand: Command = {
  spec: VALIDATE_SPEC,
  async run(args, io) {
    const o = args.options;
    const scenario = loadScenario(args.positionals[0]!);
    const progress = stages(io, o.quiet === true);
    try {
      const r = await validate(scenario, {
        runs: o.runs as number,
        seed: o.seed as number,
        cpus: o.cpus as number | undefined,
        model: o.model as string | undefined,
        kernel_image: o["kernel-image"] as string | undefined,
        debian_kernel: o["debian-kernel"] as string | undefined,
        sleep_scale: o["sleep-scale"] as number,
        trace: o.trace === true,
        timeout_s: o.timeout as number | undefined,
        onStage: progress.show,
      });
      progress.done();
      io.out(o.json ? validateJson(r) : formatValidate(r));
      return r.agree ? 0 : 1;
    } finally {
      progress.done();
    }
  },
};
