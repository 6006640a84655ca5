// struct folio_batch: a per-CPU batch of folios waiting for an LRU operation (§4.1, §5.1),
// with pinsim's record of when and by whom each entry was queued.

export const LRU_ADD = 0;
export const LRU_MOVE_TAIL = 1;
export const LRU_DEACTIVATE_FILE = 2;
export const LRU_DEACTIVATE = 3;
export const LRU_LAZYFREE = 4;
export const LRU_ACTIVATE = 5;
/** The mlock batch (mm/mlock.c's mlock_fbatch), kept beside cpu_fbatches for uniform handling. */
export const MLOCK_BATCH = 6;
export const NR_BATCHES = 7;

/** Drain order of lru_add_drain_cpu() (§4.6), the mlock batch last (mlock_drain_local). */
export const BATCH_NAMES = [
  "lru_add",
  "lru_move_tail",
  "lru_deactivate_file",
  "lru_deactivate",
  "lru_lazyfree",
  "lru_activate",
  "mlock",
] as const;

/** mlock batch entry tags (§5.1). */
export const MLOCK_TAG_MUNLOCK = 0;
export const MLOCK_TAG_LRU_FOLIO = 1;
export const MLOCK_TAG_NEW_FOLIO = 2;

export class FolioBatch {
  readonly cpu: number;
  readonly kind: number;
  folios: number[] = [];
  tags: number[] = [];
  queued_ns: number[] = [];
  queued_by: string[] = [];

  constructor(cpu: number, kind: number) {
    this.cpu = cpu;
    this.kind = kind;
  }

  get nr(): number {
    return this.folios.length;
  }

  /** folio_batch_add(): returns the space left; 0 means the caller must drain now. */
  add(folio: number, tag: number, now_ns: number, by: string, capacity: number): number {
    this.folios.push(folio);
    this.tags.push(tag);
    this.queued_ns.push(now_ns);
    this.queued_by.push(by);
    return capacity - this.folios.length;
  }

  /** Empties the batch and returns its entries for processing. */
  take(): { folios: number[]; tags: number[] } {
    const out = { folios: this.folios, tags: this.tags };
    this.folios = [];
    this.tags = [];
    this.queued_ns = [];
    this.queued_by = [];
    return out;
  }

  indexOf(folio: number): number {
    return this.folios.indexOf(folio);
  }

  removeAt(i: number): void {
    this.folios.splice(i, 1);
    this.tags.splice(i, 1);
    this.queued_ns.splice(i, 1);
    this.queued_by.splice(i, 1);
  }
}
