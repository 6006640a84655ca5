// A YAML node together with where it is: the dotted field path people read in errors and the
// source offset that becomes line:column. Every check in the loader goes through a Site, so no
// error can be raised without a position.

import { clip } from "../engine/clip.ts";
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type YAMLMap,
} from "../vendor/yaml.js";
import { didYouMean } from "../versions/suggest.ts";
import { describeFound, quoteFound, ScenarioError } from "./errors.ts";

export interface SourceText {
  readonly file: string;
  readonly lines: LineCounter;
  readonly doc: Document;
}

export class Site {
  readonly node: Node | null;
  readonly path: string;
  readonly source: SourceText;
  /** Where errors about this site point: the node, or the key of an empty value. */
  readonly offset: number;

  constructor(node: unknown, path: string, source: SourceText, fallbackOffset: number) {
    const resolved = isAlias(node) ? (node.resolve(source.doc) ?? null) : node;
    this.node = isMap(resolved) || isSeq(resolved) || isScalar(resolved) ? resolved : null;
    this.path = path;
    this.source = source;
    this.offset = this.node?.range?.[0] ?? fallbackOffset;
    if (this.node?.tag !== undefined) this.refuseTag(this.node.tag);
  }

  /**
   * An explicit tag (`!custom`, `!!int "1"`) would change what a value means behind the reader's
   * back, so none is accepted: every value is read as plain YAML.
   */
  private refuseTag(tag: string): never {
    const shown = tag.replace(/^tag:yaml\.org,2002:/, "!!");
    return this.fail(
      `the YAML tag ${clip(shown, 40)}`,
      "a plain value without a tag (pinsim reads no YAML tags)",
    );
  }

  fail(found: string, expected: string): never {
    throw errorAt(this.source, this.offset, this.path, found, expected);
  }

  /** Fails describing what is here: `found 9`, `found "x"`, `found a map`. */
  reject(expected: string): never {
    return this.fail(describeFound(this.plain()), expected);
  }

  /** The scalar value (number, string, boolean, null), or a marker object/array for collections. */
  plain(): unknown {
    if (this.node === null) return null;
    if (isScalar(this.node)) return this.node.value;
    return isSeq(this.node) ? [] : {};
  }

  isEmpty(): boolean {
    return this.plain() === null;
  }

  /** The items of a list, each a Site with path `path[i]`. */
  items(expected: string): Site[] {
    if (!isSeq(this.node)) return this.reject(expected);
    return this.node.items.map((item, i) => new Site(item, `${this.path}[${i}]`, this.source, this.offset));
  }

  /**
   * The entries of a map whose keys must all be in `known` (null: any key, the caller checks):
   * unknown and repeated keys fail here.
   */
  map(known: readonly string[] | null, expected: string): MapSite {
    if (!isMap(this.node)) return this.reject(expected);
    return this.mapOf(this.node, known);
  }

  /** Like map(), but an absent or empty value (`machine:` with nothing under it) is an empty map. */
  mapOrEmpty(known: readonly string[] | null, expected: string): MapSite {
    if (this.isEmpty()) return new MapSite(this, new Map());
    return this.map(known, expected);
  }

  private mapOf(node: YAMLMap, known: readonly string[] | null): MapSite {
    const entries = new Map<string, Entry>();
    for (const pair of node.items) {
      const key = new Site(pair.key, this.path, this.source, this.offset);
      const name = key.plain();
      if (typeof name !== "string") return key.fail(describeFound(name), "a key that is a plain word");
      const keySite = new Site(pair.key, this.child(name), this.source, this.offset);
      if (entries.has(name)) keySite.fail(`a second ${quoteFound(name)} key`, "each key once per map");
      if (known !== null && !known.includes(name)) {
        keySite.fail(
          `unknown key ${quoteFound(name)}`,
          `one of ${known.join(", ")}${didYouMean(name, known)}`,
        );
      }
      const value = new Site(pair.value, this.child(name), this.source, keySite.offset);
      entries.set(name, { key: keySite, value });
    }
    return new MapSite(this, entries);
  }

  /** The value under `key` without validating the map, for discriminators read before the rest. */
  peek(key: string): Site | undefined {
    if (!isMap(this.node)) return undefined;
    const pair = this.node.items.find((p) => new Site(p.key, "", this.source, 0).plain() === key);
    if (pair === undefined) return undefined;
    const keyOffset = new Site(pair.key, "", this.source, this.offset).offset;
    return new Site(pair.value, this.child(key), this.source, keyOffset);
  }

  child(key: string): string {
    // An empty key still names a field: shown as "" so an error about it says where it is.
    const name = key === "" ? '""' : key;
    return this.path === "" ? name : `${this.path}.${name}`;
  }
}

export interface Entry {
  readonly key: Site;
  readonly value: Site;
}

export class MapSite {
  readonly site: Site;
  readonly entries: ReadonlyMap<string, Entry>;

  constructor(site: Site, entries: ReadonlyMap<string, Entry>) {
    this.site = site;
    this.entries = entries;
  }

  get(key: string): Site | undefined {
    return this.entries.get(key)?.value;
  }

  /** The value under `key`, or an empty Site at this map when the key is absent. */
  getOrEmpty(key: string): Site {
    return this.get(key) ?? new Site(null, this.site.child(key), this.site.source, this.site.offset);
  }

  /** A missing required key is reported at the map that lacks it. */
  require(key: string, expected: string): Site {
    const v = this.get(key);
    if (v !== undefined) return v;
    throw errorAt(this.site.source, this.site.offset, this.site.child(key), "no value", expected);
  }
}

export function errorAt(
  source: SourceText,
  offset: number,
  field: string,
  found: string,
  expected: string,
): ScenarioError {
  const { line, col } = source.lines.linePos(offset);
  return new ScenarioError({ file: source.file, line, column: col, field, found, expected });
}
