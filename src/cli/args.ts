// A small, strict argument parser: every option is declared, unknown ones are errors that
// print the usage line (exit 2) and the closest known option. Numbers are plain decimal (no 1e3,
// 0x10, Infinity), switches take no value (--json=false is refused rather than read as true), and
// every echoed value is clipped.

import { clip } from "../engine/clip.ts";
import { wrap } from "../report/text/columns.ts";
import { didYouMean } from "../versions/suggest.ts";

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
  /** What the value is, in help: "--kernel KERNEL". Default: N for numbers, the choices, or the name. */
  readonly valueName?: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** e.g. "<scenario>" */
  readonly positionals: readonly { name: string; help: string; optional?: boolean }[];
  readonly options: readonly OptionSpec[];
  /** Command lines shown under "examples:" in --help. */
  readonly examples?: readonly string[];
  /** What each exit status means for this command, e.g. ["0 ok", "2 bad input"]. */
  readonly exitCodes?: readonly string[];
}

export interface Parsed {
  readonly positionals: string[];
  readonly options: Record<string, string | number | boolean | undefined>;
}

/** The placeholder for an option's value in help: "KERNEL", "N", "text|json". */
export function valueName(o: OptionSpec): string {
  if (o.valueName !== undefined) return o.valueName;
  if (o.type === "int" || o.type === "number") return "N";
  if (o.choices !== undefined) return o.choices.join("|");
  return o.name.toUpperCase().replaceAll("-", "_");
}

function flagText(o: OptionSpec): string {
  const flag = o.short ? `-${o.short}, --${o.name}` : `--${o.name}`;
  return o.type === "boolean" ? flag : `${flag} ${valueName(o)}`;
}

export function usageLine(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(" ");
  const opts = spec.options.length > 0 ? " [options]" : "";
  return `usage: pinsim ${spec.name}${pos ? ` ${pos}` : ""}${opts}   (pinsim ${spec.name} --help for more)`;
}

/** Help lines are wrapped to this many columns. */
const HELP_WIDTH = 100;
const HELP_INDENT = 28;

/** "  name   text" with text wrapped under itself; a long name puts the text on the next line. */
export function entry(name: string, text: string, indent = HELP_INDENT): string[] {
  const words = text.split(/\s+/).filter((w) => w !== "");
  const lines: string[] = [];
  let line = `  ${name}`;
  if (line.length >= indent - 1) {
    lines.push(line);
    line = "";
  }
  line = line.padEnd(indent);
  let fresh = true;
  for (const w of words) {
    if (!fresh && line.length + 1 + w.length > HELP_WIDTH) {
      lines.push(line);
      line = "".padEnd(indent);
      fresh = true;
    }
    line += fresh ? w : ` ${w}`;
    fresh = false;
  }
  lines.push(line.trimEnd());
  return lines;
}

export function helpText(spec: CommandSpec): string {
  const lines = [usageLine(spec).replace(/ {3}\(pinsim .*$/, ""), "", wrap(spec.summary, HELP_WIDTH)];
  if (spec.positionals.length > 0) {
    lines.push("", "arguments:");
    for (const p of spec.positionals) lines.push(...entry(p.name, p.help));
  }
  lines.push("", "options:");
  for (const o of spec.options) {
    const def = o.default === undefined ? "" : ` (default ${String(o.default)})`;
    const choices = o.choices && o.valueName !== undefined ? ` One of: ${o.choices.join(", ")}.` : "";
    lines.push(...entry(flagText(o), `${o.help}${choices}${def}`));
  }
  lines.push(...entry("-h, --help", "this text"));
  if (spec.examples !== undefined && spec.examples.length > 0) {
    lines.push("", "examples:", ...spec.examples.map((e) => `  ${e}`));
  }
  const exits = spec.exitCodes ?? ["0 ok", "2 bad input (the message says what is wrong and what is valid)"];
  lines.push("", "exit status:", ...exits.map((e) => `  ${e}`));
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
    if (o === undefined) throw new UsageError(`unknown option ${clip(arg)}${optionHint(spec, name)}`, usage);
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
      throw new UsageError(
        `--${o.name}: "${clip(raw)}" is not one of ${o.choices.join(", ")}${didYouMean(raw, o.choices)}`,
        usage,
      );
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

/** ` (did you mean "--kernel"?)` for a misspelt option name, or nothing. */
function optionHint(spec: CommandSpec, name: string): string {
  const names = [...spec.options.map((o) => o.name), "help"];
  const hint = didYouMean(name, names);
  return hint === "" ? "" : hint.replace('"', '"--');
}
