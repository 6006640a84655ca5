// Where the cursor is in a YAML document being typed, by indentation alone (the text is often not
// valid YAML yet): the path of keys to it ("[]" for a list item) and whether a key or a value is
// being written. Schema completion (schema_complete.ts) looks the path up in the JSON Schema.

export type PathPart = string;
export const ITEM: PathPart = "[]";

export interface CursorPlace {
  readonly path: readonly PathPart[];
  readonly kind: "key" | "value";
  /** For a value: the key it belongs to. */
  readonly key?: string;
  /** Offset where the word being completed starts. */
  readonly from: number;
}

const LINE = /^(\s*)((?:-\s+)*)(.*)$/;
const KEY_VALUE = /^([A-Za-z_][\w.-]*)\s*:(?:\s+(.*))?$/;

interface Line {
  readonly ind: number;
  readonly dashes: boolean;
  readonly keyCol: number;
  readonly key: string | null;
}

function readLine(text: string): Line {
  const m = LINE.exec(text)!;
  const kv = KEY_VALUE.exec(m[3]!);
  return {
    ind: m[1]!.length,
    dashes: m[2] !== "",
    keyCol: m[1]!.length + m[2]!.length,
    key: kv === null ? null : kv[1]!,
  };
}

export function cursorPlace(text: string, offset: number): CursorPlace | null {
  const lines = text.slice(0, offset).split("\n");
  const before = lines.pop()!;
  const m = LINE.exec(before)!;
  const rest = m[3]!;
  const line = readLine(before);
  const parents = ancestors(lines, line.dashes ? { listInd: line.ind } : { col: line.ind });
  const path = line.dashes ? [...parents, ITEM] : parents;
  const kv = /^([A-Za-z_][\w.-]*)\s*:\s*(.*)$/.exec(rest);
  if (kv !== null) return { path, kind: "value", key: kv[1]!, from: offset - kv[2]!.length };
  if (/^[\w.-]*$/.test(rest)) return { path, kind: "key", from: offset - rest.length };
  return null;
}

/**
 * The keys enclosing a line: walking up, the nearest line indented less (its key), or, inside a
 * list item, the item's own line and then the key owning the list.
 */
function ancestors(above: readonly string[], start: { col?: number; listInd?: number }): PathPart[] {
  const path: PathPart[] = [];
  let col = start.col ?? 0;
  let listInd: number | null = start.listInd ?? null;
  for (let r = above.length - 1; r >= 0; r--) {
    if (/^\s*(#.*)?$/.test(above[r]!)) continue;
    const l = readLine(above[r]!);
    if (listInd !== null) {
      if (l.ind > listInd || (l.ind === listInd && l.dashes)) continue; // earlier items
      if (l.key === null) return path;
      path.unshift(l.key);
      if (l.dashes) {
        path.unshift(ITEM);
        listInd = l.ind;
      } else [col, listInd] = [l.ind, null];
      continue;
    }
    if (l.dashes && l.ind < col) {
      // Inside this item: a sibling of its first key, or nested under that key.
      if (col > l.keyCol && l.key !== null) path.unshift(l.key);
      path.unshift(ITEM);
      listInd = l.ind;
    } else if (!l.dashes && l.ind < col) {
      if (l.key === null) return path;
      path.unshift(l.key);
      col = l.ind;
    }
  }
  return path;
}
