// `pinsim report --html`: one self-contained HTML file to attach to a patch review or a bug
// report. Styles inline, charts inline as SVG, no script and no reference to anything outside the
// file (no fonts, no CDN), so it opens the same offline, in a mail client's viewer, or years later.

export interface HtmlSection {
  readonly heading: string;
  /** An inline SVG chart (as report/charts/render.ts writes it). */
  readonly svg?: string;
  /** Preformatted text: a table, an explanation. */
  readonly text?: string;
  /** A line of prose under the heading. */
  readonly note?: string;
}

export interface HtmlReportInput {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly HtmlSection[];
  /** Command lines that reproduce everything in the report. */
  readonly replay: readonly string[];
  /** "pinsim 0.1.0". */
  readonly generator: string;
}

const STYLE = `
body { font-family: system-ui, "DejaVu Sans", sans-serif; color: #1d2330; margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 2px; }
h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #d8dde6; padding-bottom: 4px; }
.subtitle, .note, footer { color: #5b6474; }
pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; background: #fbfbfc; border: 1px solid #d8dde6; border-radius: 4px; padding: 8px; overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; }
footer { margin-top: 32px; font-size: 12px; }
`;

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * An SVG document as an element of the HTML page: without its XML declaration and without the
 * namespace attributes (HTML puts <svg> in the SVG namespace itself), so the file names no URL.
 */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/^<\?xml[^>]*\?>\s*/, "")
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, "")
    .trim();
}

function section(s: HtmlSection): string {
  const parts = [`<section>\n<h2>${escapeHtml(s.heading)}</h2>`];
  if (s.note !== undefined) parts.push(`<p class="note">${escapeHtml(s.note)}</p>`);
  if (s.svg !== undefined) parts.push(`<div class="chart">${inlineSvg(s.svg)}</div>`);
  if (s.text !== undefined) parts.push(`<pre>${escapeHtml(s.text)}</pre>`);
  parts.push("</section>");
  return parts.join("\n");
}

export function htmlReport(r: HtmlReportInput): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(r.title)}</h1>
<p class="subtitle">${escapeHtml(r.subtitle)}</p>
${r.sections.map(section).join("\n")}
<section>
<h2>To reproduce</h2>
<pre>${escapeHtml(r.replay.join("\n"))}</pre>
</section>
<footer>Written by ${escapeHtml(r.generator)}. Every figure is deterministic: the lines above print the same numbers on any machine.</footer>
</body>
</html>
`;
}
