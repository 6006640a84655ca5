// Writes the sample charts as SVG and PNG for a person to look at:
//   node test/support/chart_render_samples.ts [out-dir]   (default /tmp)

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderBarChart } from "../../src/report/charts/bar.ts";
import { renderLineChart } from "../../src/report/charts/line.ts";
import { svgToPng } from "../../src/report/charts/png.ts";
import { sampleBarInput, sampleLineInput } from "./chart_samples.ts";

const dir = process.argv[2] ?? "/tmp";
const charts = {
  chart_bar: renderBarChart(sampleBarInput()),
  chart_line: renderLineChart(sampleLineInput()),
};
for (const [name, svg] of Object.entries(charts)) {
  writeFileSync(join(dir, `${name}.svg`), svg);
  writeFileSync(join(dir, `${name}.png`), svgToPng(svg, { width: 1440 }));
  console.log(join(dir, `${name}.png`));
}
