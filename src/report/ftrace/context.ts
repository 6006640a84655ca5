// The five latency-flag characters of a line: irqs-off, need-resched, hardirq/softirq,
// preempt-depth, migrate-disable. pinsim models no interrupt or preemption state, so these show
// the context the kernel code is known to hold where the tracepoint fires, read from the source,
// not measured:
//   - mm_lru_insertion fires in lru_add() under the lruvec lock taken with spin_lock_irqsave():
//     interrupts off, preempt depth 1 ("d..1.");
//   - workqueue_queue_work and workqueue_activate_work fire in __queue_work() with interrupts off
//     (queue_work_on()) and the pool lock held; real 6.x captures show "d..2.";
//   - page_ref_freeze/unfreeze fire in __folio_migrate_mapping() under xas_lock_irq(): "d..1.";
//   - everything else runs in plain task context: ".....".

const TASK_CONTEXT = ".....";
const IRQS_OFF_LOCKED = "d..1.";
const IRQS_OFF_POOL_LOCKED = "d..2.";

const CONTEXT: Readonly<Record<string, string>> = {
  mm_lru_insertion: IRQS_OFF_LOCKED,
  workqueue_queue_work: IRQS_OFF_POOL_LOCKED,
  workqueue_activate_work: IRQS_OFF_POOL_LOCKED,
  page_ref_freeze: IRQS_OFF_LOCKED,
  page_ref_unfreeze: IRQS_OFF_LOCKED,
};

export function latencyFlags(event: string): string {
  return CONTEXT[event] ?? TASK_CONTEXT;
}
