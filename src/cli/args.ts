// A small, strict argument parser: every option is declared, unknown ones are errors that
// print the usage line (exit 2). Numbers are plain decimal (no 1e3, 0x10, Infinity), switches take
// no value (--json=false is refused rather than read as true), and every echoed value is clipped.

import { clip } from "../engine/clip.ts";

export class UsageError extends Error {
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}

export interface OptionSpec {
  readonly name: string;
  readonly type: "string" | "int" | "number" | "boolean";
  readonly help: string;
  readonly default?: string | number | boolean;
  /** Allowed values for string options. */
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** A one-letter alias, e.g. "o" for -o. */
  readonly short?: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** e.g. "<scenario>" */
  readonly positionals: readonly { name: string; help: string; optional?: boolean }[];
  readonly options: readonly OptionSpec[];
}

export interface Parsed {
  readonly positionals: string[];
  readonly options: Record<string, string | number | boolean | undefined>;
}

export function usageLine(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(" ");
  const opts = spec.options.map((o) =>
    o.type === "boolean" ? `[--${o.name}]` : `[--${o.name} ${o.type === "string" ? "S" : "N"}]`,
  );
  return `usage: pinsim ${spec.name}${pos ? ` ${pos}` : ""} ${opts.join(" ")}`.trimEnd();
}

export function helpText(spec: CommandSpec): string {
  const lines = [usageLine(spec), "", spec.summary, ""];
  for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(22)} ${p.help}`);
  for (const o of spec.options) {
    const def = o.default === undefined ? "" : ` (default ${String(o.default)})`;
    const choices = o.choices ? ` one of: ${o.choices.join(", ")}.` : "";
    const flag = o.short ? `-${o.short}, --${o.name}` : `--${o.name}`;
    lines.push(`  ${flag.padEnd(22)} ${o.help}${choices}${def}`);
  }
  lines.push(`  --help                 this text`);
  return `${lines.join("\n")}\n`;
}

export function parseArgs(spec: CommandSpec, argv: readonly string[]): Parsed {
  const usage = usageLine(spec);
  const options: Record<string, string | number | boolean | undefined> = {};
  for (const o of spec.options) options[o.name] = o.default;
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const short = /^-([a-zA-Z])$/.exec(arg);
    if (!arg.startsWith("--") && !short) {
      positionals.push(arg);
      continue;
    }
    const eq = short ? -1 : arg.indexOf("=");
    let name = short ? short[1]! : arg.slice(2, eq < 0 ? undefined : eq);
    const o = spec.options.find((x) => (short ? x.short === name : x.name === name));
    if (o === undefined) throw new UsageError(`unknown option ${clip(arg)}`, usage);
    name = o.name;
    if (o.type === "boolean") {
      if (eq >= 0)
        throw new UsageError(
          `--${name} is a switch and takes no value: write --${name} or leave it out`,
          usage,
        );
      options[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined) throw new UsageError(`--${name} needs a value`, usage);
    options[name] = convert(o, raw, usage);
  }
  const required = spec.positionals.filter((p) => !p.optional).length;
  if (positionals.length < required)
    throw new UsageError(`missing ${spec.positionals[positionals.length]!.name}`, usage);
  if (positionals.length > spec.positionals.length)
    throw new UsageError(`unexpected argument "${clip(positionals[spec.positionals.length]!)}"`, usage);
  return { positionals, options };
}

/** Plain decimal, as people write counts and seeds; what Number() also takes (1e3, 0x10, " 7") is not. */
const INTEGER = /^-?[0-9]+$/;
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

function convert(o: OptionSpec, raw: string, usage: string): string | number {
  if (o.type === "string") {
    if (o.choices && !o.choices.includes(raw))
      throw new UsageError(`--${o.name}: "${clip(raw)}" is not one of ${o.choices.join(", ")}`, usage);
    return raw;
  }
  const n = Number(raw);
  const ok =
    o.type === "int" ? INTEGER.test(raw) && Number.isSafeInteger(n) : DECIMAL.test(raw) && Number.isFinite(n);
  if (!ok)
    throw new UsageError(
      `--${o.name}: "${clip(raw)}" is not ${o.type === "int" ? "a whole number in decimal digits" : "a decimal number"}`,
      usage,
    );
  if (o.min !== undefined && n < o.min)
    throw new UsageError(`--${o.name}: ${n} is below the minimum ${o.min}`, usage);
  if (o.max !== undefined && n > o.max)
    throw new UsageError(`--${o.name}: ${n} is above the maximum ${o.max}`, usage);
  return n;
}
