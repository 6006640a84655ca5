// mm/swap.c's __lru_add_drain_all() and lru_cache_disable() (kernel-model.md §4.6).

import type { Proc } from "../engine/op.ts";
import { KEY_DRAIN_GEN, KEY_DRAIN_MUTEX, type Kernel } from "./kernel.ts";
import { cpuNeedsDrain, lruAddDrainCpu } from "./swap.ts";
import { flushWork, queueWorkOn } from "./workqueue.ts";

export function* lruAddDrainAll(k: Kernel): Proc {
  yield* lruAddDrainAllInner(k, false);
}

function* lruAddDrainAllInner(k: Kernel, forceAllCpus: boolean): Proc {
  const task = k.current();
  k.counters.drains_global++;
  k.traceFunc("func_begin", "lru_add_drain_all");
  if (k.config.local_drain_first_in_drain_all) {
    const moved = lruAddDrainCpu(k, task.cpu);
    yield k.cost(k.costs.local_drain_ns + moved * k.costs.lru_move_per_folio_ns);
  }
  k.touch(KEY_DRAIN_GEN, false);
  const thisGen = k.lruDrainGen;
  // The snapshot and the mutex are separate steps: another drainer may finish a whole drain in
  // between, which is what the generation check is for.
  yield k.cost(k.costs.drain_all_base_ns / 4);
  yield* k.lruDrainMutex.lock(task.pid);
  k.touch(KEY_DRAIN_MUTEX, true);
  k.touch(KEY_DRAIN_GEN, true);
  if (thisGen !== k.lruDrainGen && !forceAllCpus) {
    // Another drainer bumped the generation after our snapshot: its work covered our batches.
    k.counters.drains_piggybacked++;
    k.lruDrainMutex.unlock(k.engine);
    k.traceFunc("func_end", "lru_add_drain_all");
    yield k.cost(k.costs.drain_all_base_ns);
    return;
  }
  k.lruDrainGen++;
  const queued: number[] = [];
  for (let cpu = 0; cpu < k.nrCpus; cpu++) {
    if (forceAllCpus || cpuNeedsDrain(k, cpu)) {
      if (queueWorkOn(k, cpu)) k.counters.drain_work_items++;
      queued.push(cpu);
    }
  }
  yield k.cost(k.costs.drain_all_base_ns + queued.length * k.costs.queue_work_ns);
  for (const cpu of queued) yield* flushWork(k, cpu);
  k.touch(KEY_DRAIN_MUTEX, true);
  k.lruDrainMutex.unlock(k.engine);
  k.traceFunc("func_end", "lru_add_drain_all");
}

/** lru_cache_disable(): every later queueing op drains at once until lru_cache_enable(). */
export function* lruCacheDisable(k: Kernel): Proc {
  k.lruDisableCount++;
  yield k.cost(k.costs.drain_all_base_ns); // synchronize_rcu_expedited()
  yield* lruAddDrainAllInner(k, true);
}

export function lruCacheEnable(k: Kernel): void {
  k.lruDisableCount--;
}
