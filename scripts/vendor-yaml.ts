// `node scripts/vendor-yaml.ts`: re-writes src/vendor/yaml.js, the `yaml` package (the exact
// version in package.json) bundled into one ES module. Node loads the package as some 85 files,
// about 0.06 CPU-s of every command that reads a scenario or a kernel name (more than the whole
// rest of `pinsim versions`); one file costs a fifth of that. Built from the package's browser
// build: plain ES modules, no Node imports (the playground bundles it too), and the same code as
// the Node build except that its warnings go to console.warn and it ignores the LOG_TOKENS and
// LOG_STREAM debugging variables; pinsim calls neither path (it reads documents with
// parseDocument). Run it after upgrading yaml: src/vendor/yaml.test.ts fails until then.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}node_modules/yaml/package.json`, "utf8")) as { version: string };
const license = readFileSync(`${root}node_modules/yaml/LICENSE`, "utf8").trim();

const out = await build({
  input: `${root}node_modules/yaml/browser/dist/index.js`,
  platform: "neutral",
  write: false,
  output: { format: "esm" },
});
const header = [
  `// yaml ${pkg.version} (https://github.com/eemeli/yaml), bundled into one module by`,
  "// scripts/vendor-yaml.ts from the package's browser build. Generated: do not edit.",
  "//",
  ...license.split("\n").map((l) => `// ${l}`.trimEnd()),
  "",
].join("\n");
const file = fileURLToPath(new URL("../src/vendor/yaml.js", import.meta.url));
writeFileSync(file, `${header}\n${out.output[0].code}`);
process.stdout.write(`wrote ${file} (yaml ${pkg.version})\n`);
