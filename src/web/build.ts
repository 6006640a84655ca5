// Builds the playground into a static folder with Vite: `npm run build:web`, and `pinsim serve`
// on first use. Everything the page needs is bundled (scripts, styles, the built-in scenarios, the
// JSON Schema), so the folder works offline and from any static host. Runs in Node.

import { fileURLToPath } from "node:url";
import type { InlineConfig } from "vite";

export const WEB_ROOT = fileURLToPath(new URL("./", import.meta.url));
export const WEB_OUT = fileURLToPath(new URL("../../dist/web/", import.meta.url));

export function webBuildConfig(outDir: string = WEB_OUT): InlineConfig {
  return {
    configFile: false,
    root: WEB_ROOT,
    // Relative asset URLs: the folder works under any path of any static host.
    base: "./",
    logLevel: "warn",
    resolve: { alias: { "node:fs": fileURLToPath(new URL("./shims/node_fs.ts", import.meta.url)) } },
    oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
    worker: { format: "es" },
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      chunkSizeWarningLimit: 4096,
      reportCompressedSize: false,
      // The worker bundles all of pinsim; its transform time is expected, not news.
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
  };
}

/** Builds the page into `outDir` (default dist/web). */
export async function buildWeb(outDir: string = WEB_OUT): Promise<void> {
  const { build } = await import("vite");
  await build(webBuildConfig(outDir));
}
