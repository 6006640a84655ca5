// The lruvec's lists (one node, one memcg): enum lru_list order, doubly linked through the
// folio table so add/delete are O(1) even for millions of folios.

import { type FolioTable, NO_FOLIO } from "./folio_table.ts";

export const LRU_INACTIVE_ANON = 0;
export const LRU_ACTIVE_ANON = 1;
export const LRU_INACTIVE_FILE = 2;
export const LRU_ACTIVE_FILE = 3;
export const LRU_UNEVICTABLE = 4;
export const NR_LRU_LISTS = 5;
export const LRU_NAMES = [
  "inactive_anon",
  "active_anon",
  "inactive_file",
  "active_file",
  "unevictable",
] as const;

export class LruLists {
  readonly head = new Int32Array(NR_LRU_LISTS).fill(NO_FOLIO);
  readonly tail = new Int32Array(NR_LRU_LISTS).fill(NO_FOLIO);
  readonly size = new Int32Array(NR_LRU_LISTS);

  /** Adds at the head (lruvec_add_folio), or at the tail when `tail` (rotation). */
  add(t: FolioTable, f: number, list: number, atTail = false): void {
    if (t.lruList[f] !== 0) throw new Error(`folio ${f} already on LRU list ${t.lruList[f]! - 1}`);
    t.lruList[f] = list + 1;
    this.size[list]!++;
    if (atTail) {
      t.lruPrev[f] = this.tail[list]!;
      t.lruNext[f] = NO_FOLIO;
      if (this.tail[list] !== NO_FOLIO) t.lruNext[this.tail[list]!] = f;
      else this.head[list] = f;
      this.tail[list] = f;
      return;
    }
    t.lruNext[f] = this.head[list]!;
    t.lruPrev[f] = NO_FOLIO;
    if (this.head[list] !== NO_FOLIO) t.lruPrev[this.head[list]!] = f;
    else this.tail[list] = f;
    this.head[list] = f;
  }

  del(t: FolioTable, f: number): void {
    const list = t.lruList[f]! - 1;
    if (list < 0) throw new Error(`folio ${f} is on no LRU list`);
    const prev = t.lruPrev[f]!;
    const next = t.lruNext[f]!;
    if (prev !== NO_FOLIO) t.lruNext[prev] = next;
    else this.head[list] = next;
    if (next !== NO_FOLIO) t.lruPrev[next] = prev;
    else this.tail[list] = prev;
    t.lruList[f] = 0;
    t.lruPrev[f] = NO_FOLIO;
    t.lruNext[f] = NO_FOLIO;
    this.size[list]!--;
  }
}
