// Vega-Lite spec -> SVG: vega-lite compiles the spec to Vega, and Vega's headless view
// (renderer "none": no canvas, text widths estimated) writes the SVG, the same in Node and in the
// browser playground. PNG (Node only) is png.ts.

import { type LoggerInterface, parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** Vega-Lite's compile warnings (a spec pinsim writes should have none; tests check). */
export function compileWarnings(spec: TopLevelSpec): string[] {
  const warnings: string[] = [];
  compile(spec, { logger: collectingLogger(warnings) });
  return warnings;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vega = compile(spec, { logger: collectingLogger([]) }).spec;
  const view = new View(parse(vega), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function collectingLogger(into: string[]): LoggerInterface {
  let level = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    warn(...args: readonly unknown[]) {
      into.push(args.map(String).join(" "));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
    error(...args: readonly unknown[]) {
      throw new Error(args.map(String).join(" "));
    },
  };
  return logger as LoggerInterface;
}
