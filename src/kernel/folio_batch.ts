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

const NO_FOLIOS = new Int32Array(0);
const NO_TAGS = new Uint8Array(0);
const NO_TIMES = new Float64Array(0);

/**
 * Entries 0..nr-1 of the arrays are queued. The arrays are the batch's own storage for the whole
 * run, sized for a full batch at its first add (most of a machine's batches stay unused): adding
 * and draining allocate nothing. A caller that overfills the batch grows them.
 */
export class FolioBatch {
  readonly cpu: number;
  readonly kind: number;
  nr = 0;
  folios: Int32Array = NO_FOLIOS;
  tags: Uint8Array = NO_TAGS;
  queued_ns: Float64Array = NO_TIMES;
  queued_by: string[] = [];
  private readonly fullSize: number;

  constructor(cpu: number, kind: number, fullSize = 16) {
    this.cpu = cpu;
    this.kind = kind;
    this.fullSize = Math.max(1, fullSize);
  }

  /** folio_batch_add(): returns the space left; 0 means the caller must drain now. */
  add(folio: number, tag: number, now_ns: number, by: string, capacity: number): number {
    if (this.nr === this.folios.length) this.grow();
    const i = this.nr++;
    this.folios[i] = folio;
    this.tags[i] = tag;
    this.queued_ns[i] = now_ns;
    this.queued_by[i] = by;
    return capacity - this.nr;
  }

  /**
   * Empties the batch and returns how many entries it had: they stay readable in `folios` and
   * `tags` for the caller to process, until the batch is added to again (which a drain must not).
   */
  take(): number {
    const n = this.nr;
    this.nr = 0;
    return n;
  }

  indexOf(folio: number): number {
    for (let i = 0; i < this.nr; i++) if (this.folios[i] === folio) return i;
    return -1;
  }

  /**
   * Empties the batch for a new run, keeping its storage (the model checker reuses one kernel's
   * batches across executions). Entries past nr are no part of a batch's state (take() leaves
   * them too), so this is all a new batch differs by.
   */
  reset(): void {
    this.nr = 0;
  }

  removeAt(i: number): void {
    this.folios.copyWithin(i, i + 1, this.nr);
    this.tags.copyWithin(i, i + 1, this.nr);
    this.queued_ns.copyWithin(i, i + 1, this.nr);
    this.queued_by.copyWithin(i, i + 1, this.nr);
    this.nr--;
  }

  private grow(): void {
    const n = Math.max(this.fullSize, 2 * this.folios.length);
    const folios = new Int32Array(n);
    folios.set(this.folios);
    const tags = new Uint8Array(n);
    tags.set(this.tags);
    const queued_ns = new Float64Array(n);
    queued_ns.set(this.queued_ns);
    this.folios = folios;
    this.tags = tags;
    this.queued_ns = queued_ns;
    this.queued_by.length = n;
    this.queued_by.fill("", this.nr);
  }
}
