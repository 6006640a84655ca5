// Hand-written input of the golden files: the Will Deacon story in 33 events. A memfd (shmem)
// folio is mlocked by the VMM on CPU 7, which leaves a reference in CPU 7's mlock batch (count 3:
// page cache + mapping + batch). CPU 3 then pins it for a longterm user (1027 = 3 + the 1024
// pin bias), isolates it, drops the pin and migrates. Migration unmaps it, and each of the 10
// passes of migrate_pages() sees 3 references where it expects 2 (page cache + isolation): the
// batch reference on CPU 7 was never drained. nr_failed=1, and the pin fails with -ENOMEM.

import { PAGEMAP_FILE, PAGEMAP_MAPPED, PAGEMAP_SWAPBACKED } from "../../src/kernel/folio_flags.ts";
import { MIGRATE_MOVABLE } from "../../src/kernel/page_alloc.ts";
import type { PageRefModEvent, RefcountCheckEvent, TraceEvent, TraceTask } from "../../src/kernel/trace.ts";

const VMM: TraceTask = { pid: 2048, comm: "crosvm" };
const VCPU: TraceTask = { pid: 2311, comm: "crosvm_vcpu0" };
const FOLIO = 42;
const PFN = 0x8a3c0;
const ENOMEM = 12;
/** The memfd's page cache (pinsim's AddressSpace id). */
const PAGE_CACHE = 3;
const CHECK_PASSES = 10;
const FIRST_CHECK_NS = 2_005_000;
const PASS_INTERVAL_NS = 20_000;

function ref(
  t_ns: number,
  cpu: number,
  task: TraceTask,
  val: number,
  count: number,
  mapcount: number,
  holder: string,
  flags: string,
): PageRefModEvent {
  return {
    type: "page_ref_mod",
    t_ns,
    cpu,
    task,
    folio: FOLIO,
    pfn: PFN,
    flags,
    count,
    mapcount,
    val,
    holder,
    migratetype: MIGRATE_MOVABLE,
    mapping: PAGE_CACHE,
    anon: false,
  };
}

function func(
  t_ns: number,
  cpu: number,
  task: TraceTask,
  begin: boolean,
  name: string,
  value: number,
): TraceEvent {
  return { type: begin ? "func_begin" : "func_end", t_ns, cpu, task, func: name, value };
}

function check(pass: number): RefcountCheckEvent {
  const t_ns = FIRST_CHECK_NS + (pass - 1) * PASS_INTERVAL_NS;
  return {
    type: "refcount_check",
    t_ns,
    cpu: 3,
    task: VCPU,
    folio: FOLIO,
    count: 3,
    expected: 2,
    ok: false,
    pass,
  };
}

const ON_LRU = "uptodate|lru|swapbacked";
const MLOCKED = "uptodate|lru|swapbacked|mlocked";
const ISOLATED = "uptodate|swapbacked|mlocked";

export const SMALL_STORY: readonly TraceEvent[] = [
  ref(1_000_000, 7, VMM, 1, 1, -1, "pagecache", ON_LRU),
  ref(1_000_500, 7, VMM, 1, 2, 0, "mapping", ON_LRU),
  {
    type: "mm_lru_insertion",
    t_ns: 1_000_600,
    cpu: 7,
    task: VMM,
    folio: FOLIO,
    pfn: PFN,
    lru: "inactive_anon",
    flags: ON_LRU,
    pagemap: PAGEMAP_MAPPED | PAGEMAP_FILE | PAGEMAP_SWAPBACKED,
  },
  func(1_001_000, 7, VMM, true, "mlock_folio", 0),
  ref(1_001_250, 7, VMM, 1, 3, 0, "batch", MLOCKED),
  {
    type: "batch_enqueue",
    t_ns: 1_001_250,
    cpu: 7,
    task: VMM,
    folio: FOLIO,
    batch: "mlock",
    batch_cpu: 7,
    size: 1,
  },
  func(1_001_500, 7, VMM, false, "mlock_folio", 0),
  func(2_000_000, 3, VCPU, true, "pin_user_pages", 1),
  ref(2_000_400, 3, VCPU, 1024, 1027, 0, "pin", MLOCKED),
  func(2_000_800, 3, VCPU, true, "collect_longterm_unpinnable_folios", 1),
  func(2_001_000, 3, VCPU, true, "lru_add_drain", 0),
  func(2_001_300, 3, VCPU, false, "lru_add_drain", 0),
  ref(2_001_600, 3, VCPU, 1, 1028, 0, "isolation", ISOLATED),
  func(2_001_900, 3, VCPU, false, "collect_longterm_unpinnable_folios", 1),
  ref(2_002_200, 3, VCPU, -1024, 4, 0, "pin", ISOLATED),
  func(2_003_000, 3, VCPU, true, "migrate_pages", 0),
  {
    type: "mm_migrate_pages_start",
    t_ns: 2_003_000,
    cpu: 3,
    task: VCPU,
    mode: "MIGRATE_SYNC",
    reason: "longterm_pin",
  },
  ref(2_004_000, 3, VCPU, -1, 3, -1, "mapping", ISOLATED),
  ...Array.from({ length: CHECK_PASSES }, (_, i) => check(i + 1)),
  {
    type: "mm_migrate_pages",
    t_ns: 2_200_000,
    cpu: 3,
    task: VCPU,
    succeeded: 0,
    failed: 1,
    thp_succeeded: 0,
    thp_failed: 0,
    thp_split: 0,
    large_folio_split: 0,
    mode: "MIGRATE_SYNC",
    reason: "longterm_pin",
  },
  func(2_200_100, 3, VCPU, false, "migrate_pages", 1),
  ref(2_200_500, 3, VCPU, -1, 2, -1, "isolation", MLOCKED),
  { type: "func_return", t_ns: 2_200_900, cpu: 3, task: VCPU, func: "__gup_longterm_locked", value: -ENOMEM },
  func(2_201_000, 3, VCPU, false, "pin_user_pages", -ENOMEM),
];
