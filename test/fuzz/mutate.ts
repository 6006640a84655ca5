// Mutations of scenario files, as a hostile or careless user would make them: values swapped for
// edge cases, keys renamed, removed or repeated, lists blown up, YAML tags and aliases, and raw
// text damage. A mutation is a pure function of the text and a stream of choices, so `npm run
// fuzz` (choices from a seeded PRNG) and the fast-check property test (choices fast-check can
// shrink) share it, and every finding replays from its seed.

import {
  Alias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
} from "yaml";

/** Where mutations draw their choices from. `int(n)` is in [0, n). */
export interface Chooser {
  int(n: number): number;
}

/** Choices from a fixed list (fast-check generates and shrinks it), cycling, then zeros. */
export function listChooser(choices: readonly number[]): Chooser {
  let i = 0;
  return {
    int(n) {
      if (n <= 1) return 0;
      const c = i < choices.length ? choices[i]! : 0;
      i++;
      return Math.abs(c) % n;
    },
  };
}

const LONG_DIGITS = "9".repeat(20_000);

/** Values chosen to sit on or past an edge: limits, wrong types, units, hostile sizes. */
export const HOSTILE_VALUES: readonly unknown[] = [
  0,
  -1,
  1,
  2,
  3,
  7,
  255,
  256,
  257,
  4096,
  65_535,
  65_536,
  1_000_000,
  2 ** 31,
  2 ** 32,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  1e308,
  0.5,
  1.5,
  -0.25,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  "",
  " ",
  "0",
  "1e3",
  "0x10",
  "1us",
  "0ns",
  "0.0001ns",
  "1.5ns",
  "100s",
  "9007199254740991ns",
  "99999999999999999999999s",
  `${LONG_DIGITS}x y`,
  `1${"0".repeat(300)}ms`,
  "4KiB",
  "6KiB",
  "2MiB",
  "1GiB",
  "1024GiB",
  "8192GiB",
  "1TiB",
  "64MB",
  "-4KiB",
  "v6.15",
  "v9.99",
  "mm-2026+hubbard-wait=1s",
  "v6.18+hubbard-wait=99999999999999999999999s",
  "nonsense",
  "__proto__",
  "constructor",
  "toString",
  "buf",
  "movable",
  "sequential",
  "exponential",
  "lognormal",
  "every-pin-succeeds",
  "a\nb",
  "x".repeat(60_000),
  true,
  false,
  null,
  [],
  {},
  [1, 2],
  { dist: "uniform", min: "5us", max: "1us" },
  { dist: "lognormal", median: "1us", sigma: 5 },
];

/** Keys worth trying in the wrong place, beyond those already in the file. */
const EXTRA_KEYS = [
  "kind",
  "name",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "",
  "x".repeat(500),
];

const TAGS = ["!custom", "!!int", "!!str", "!!float", "!!binary", "!!timestamp", "!!set", "!!omap", "!!map"];

const TEXT_NOISE = [
  ":",
  "-",
  " ",
  "\t",
  "\n",
  "{",
  "}",
  "[",
  "]",
  "&a",
  "*a",
  "!",
  "#",
  '"',
  "'",
  "|",
  ">",
  "\0",
  "\u00b5",
];

type TextOp = (text: string, c: Chooser) => string;
type TreeOp = (doc: Tree, c: Chooser) => void;

interface Tree {
  readonly nodes: Node[];
  readonly pairs: Pair[];
  readonly maps: YAMLMap[];
  readonly seqs: YAMLSeq[];
  readonly keys: string[];
  readonly doc: ReturnType<typeof parseDocument>;
}

/** One to three mutations; `others` are further scenario texts to borrow values and keys from. */
export function mutateScenario(text: string, c: Chooser, others: readonly string[] = []): string {
  let out = text;
  const rounds = c.int(3) === 0 ? 2 + c.int(2) : 1;
  for (let r = 0; r < rounds; r++) out = c.int(5) === 0 ? textOp(out, c) : treeOp(out, c, others);
  return out;
}

function pick<T>(c: Chooser, xs: readonly T[]): T {
  return xs[c.int(xs.length)]!;
}

function treeOp(text: string, c: Chooser, others: readonly string[]): string {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return textOp(text, c);
  const tree = collect(doc, others);
  try {
    pick(c, TREE_OPS)(tree, c);
    return doc.toString({ lineWidth: 0 });
  } catch {
    // The yaml package refuses some edits (a tag on an alias) and cannot write others (an alias
    // before its anchor): damage the text instead.
    return textOp(text, c);
  }
}

function collect(doc: ReturnType<typeof parseDocument>, others: readonly string[]): Tree {
  const tree: Tree = { nodes: [], pairs: [], maps: [], seqs: [], keys: [...EXTRA_KEYS], doc };
  const addKeys = (d: ReturnType<typeof parseDocument>, into: Node[] | null) =>
    visit(d, {
      Pair(_, p) {
        if (isScalar(p.key) && typeof p.key.value === "string") tree.keys.push(p.key.value);
      },
      Node(_, n) {
        into?.push(n);
      },
    });
  addKeys(doc, tree.nodes);
  for (const o of others) addKeys(parseDocument(o), null);
  visit(doc, {
    Pair: (_, p) => void tree.pairs.push(p),
    Map: (_, m) => void tree.maps.push(m),
    Seq: (_, s) => void tree.seqs.push(s),
  });
  return tree;
}

function hostileNode(t: Tree, c: Chooser): Node {
  const pool = c.int(3);
  if (pool === 0 && t.nodes.length > 0) return pick(c, t.nodes).clone() as Node;
  const v = pool === 1 ? c.int(2 ** 31) - 2 ** 30 : pick(c, HOSTILE_VALUES);
  return t.doc.createNode(v) as Node;
}

/** Replaces the value of one pair, or one list item. */
const replaceValue: TreeOp = (t, c) => {
  if (t.pairs.length === 0) return;
  const p = pick(c, t.pairs);
  p.value = hostileNode(t, c);
};

const deletePair: TreeOp = (t, c) => {
  if (t.maps.length === 0) return;
  const m = pick(c, t.maps);
  if (m.items.length > 0) m.items.splice(c.int(m.items.length), 1);
};

const renameKey: TreeOp = (t, c) => {
  if (t.pairs.length === 0) return;
  pick(c, t.pairs).key = new Scalar(pick(c, t.keys));
};

const addPair: TreeOp = (t, c) => {
  if (t.maps.length === 0) return;
  pick(c, t.maps).items.push(t.doc.createPair(pick(c, t.keys), hostileNode(t, c)) as Pair);
};

/** Repeats a list item: a few times, or thousands (50,000 regions once made a quadratic check crawl). */
const repeatItem: TreeOp = (t, c) => {
  if (t.seqs.length === 0) return;
  const s = pick(c, t.seqs);
  if (s.items.length === 0) return;
  const item = s.items[c.int(s.items.length)] as Node;
  const times = pick(c, [1, 2, 3, 50, 2000]);
  for (let i = 0; i < times; i++) s.items.push(item.clone() as Node);
};

const emptySeq: TreeOp = (t, c) => {
  if (t.seqs.length > 0) pick(c, t.seqs).items.length = 0;
};

const tagNode: TreeOp = (t, c) => {
  if (t.nodes.length === 0) return;
  pick(c, t.nodes).tag = pick(c, TAGS);
};

/** An anchor on one node and an alias to it elsewhere. */
const aliasNode: TreeOp = (t, c) => {
  if (t.nodes.length === 0 || t.pairs.length === 0) return;
  const target = pick(c, t.nodes);
  target.anchor = "a1";
  pick(c, t.pairs).value = new Alias("a1");
};

/** A map where a list belongs or the other way round. */
const swapShape: TreeOp = (t, c) => {
  if (t.pairs.length === 0) return;
  const p = pick(c, t.pairs);
  if (isMap(p.value)) p.value = new YAMLSeq();
  else if (isSeq(p.value)) p.value = new YAMLMap();
  else p.value = c.int(2) === 0 ? new YAMLSeq() : new YAMLMap();
};

/** Scales a number, or the number in a duration or size ("200us" -> "200000us"): valid but extreme. */
const scaleValue: TreeOp = (t, c) => {
  const scalars = t.pairs.filter((p) => isScalar(p.value) && /^[0-9]/.test(String(p.value.value)));
  if (scalars.length === 0) return;
  const s = pick(c, scalars).value as Scalar;
  const factor = pick(c, [0, 2, 10, 1000, 1e6, 1e9, 1e12, 0.5, 0.001]);
  const m = /^([0-9.]+)(.*)$/.exec(String(s.value))!;
  const scaled = Number(m[1]) * factor;
  const n = Number.isInteger(Number(m[1])) ? Math.round(scaled) : scaled;
  s.value = m[2] === "" && typeof s.value === "number" ? n : `${n}${m[2]}`;
};

const TREE_OPS: readonly TreeOp[] = [
  replaceValue,
  replaceValue,
  scaleValue,
  scaleValue,
  scaleValue,
  deletePair,
  renameKey,
  addPair,
  repeatItem,
  emptySeq,
  tagNode,
  aliasNode,
  swapShape,
];

function textOp(text: string, c: Chooser): string {
  return pick(c, TEXT_OPS)(text, c);
}

const insertNoise: TextOp = (text, c) => {
  const at = c.int(text.length + 1);
  return text.slice(0, at) + pick(c, TEXT_NOISE) + text.slice(at);
};

const deleteRange: TextOp = (text, c) => {
  const at = c.int(text.length + 1);
  return text.slice(0, at) + text.slice(at + 1 + c.int(20));
};

const truncate: TextOp = (text, c) => text.slice(0, c.int(text.length + 1));

const duplicateLine: TextOp = (text, c) => {
  const lines = text.split("\n");
  const i = c.int(lines.length);
  lines.splice(i, 0, lines[i]!);
  return lines.join("\n");
};

const reindentLine: TextOp = (text, c) => {
  const lines = text.split("\n");
  const i = c.int(lines.length);
  lines[i] = c.int(2) === 0 ? `  ${lines[i]}` : lines[i]!.replace(/^ {1,2}/, "");
  return lines.join("\n");
};

const TEXT_OPS: readonly TextOp[] = [insertNoise, deleteRange, truncate, duplicateLine, reindentLine];
