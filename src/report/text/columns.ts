// Plain text: tables with a two-line header (right-aligned numbers, left-aligned names), words
// wrapped to a width, and shell quoting for the command lines reports print.

export interface Column {
  readonly head: readonly [string, string];
  readonly align: "left" | "right";
  readonly cells: readonly string[];
}

export function renderColumns(cols: readonly Column[]): string {
  const widths = cols.map((c) =>
    Math.max(c.head[0].length, c.head[1].length, ...c.cells.map((s) => s.length)),
  );
  const rows = cols[0]?.cells.length ?? 0;
  const line = (cell: (c: Column) => string) =>
    cols
      .map((c, i) => (c.align === "left" ? cell(c).padEnd(widths[i]!) : cell(c).padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [line((c) => c.head[0]), line((c) => c.head[1])];
  for (let r = 0; r < rows; r++) out.push(line((c) => c.cells[r]!));
  return `${out.join("\n")}\n`;
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./+=,:@%-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}

/** Words of `text` in lines of at most `width` columns. */
export function wrap(text: string, width: number, indent = ""): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}
