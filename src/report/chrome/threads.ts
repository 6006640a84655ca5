// Who the Chrome view's tracks belong to. Every simulated task is a thread of its own process
// (pid = tid = the task's pid, as in the ftrace marks' B|pid), named by its comm, so Perfetto
// shows one track per task with its call stacks; processes sort by the CPU the task first ran
// on, and every slice carries that CPU in its args. Machine state that belongs to no task (folio
// reference counts, per-CPU batch sizes, a folio's stay in a batch) lives in one extra process,
// "pinsim mm state", whose pid is one above the largest task pid so it never collides.

import type { OrderedEvent } from "../ftrace/order.ts";
import { type ChromeEvent, metadata, type Where } from "./events.ts";

export const STATE_PROCESS_NAME = "pinsim mm state";

export interface ThreadLayout {
  /** The track of the task that emitted an event. */
  taskTrack(pid: number): Where;
  /** The state process's track: counters and async batch slices. */
  readonly state: Where;
  metadata(): ChromeEvent[];
}

interface TaskInfo {
  readonly pid: number;
  readonly comm: string;
  readonly cpu: number;
}

export function threadLayout(ordered: readonly OrderedEvent[]): ThreadLayout {
  const tasks = new Map<number, TaskInfo>();
  for (const { ev } of ordered) {
    if (!tasks.has(ev.task.pid))
      tasks.set(ev.task.pid, { pid: ev.task.pid, comm: ev.task.comm, cpu: ev.cpu });
  }
  const sorted = [...tasks.values()].sort((a, b) => a.cpu - b.cpu || a.pid - b.pid);
  const statePid = Math.max(0, ...tasks.keys()) + 1;
  const state: Where = { pid: statePid, tid: statePid };
  return {
    taskTrack: (pid) => ({ pid, tid: pid }),
    state,
    metadata: () => [
      metadata("process_name", state, { name: STATE_PROCESS_NAME }),
      metadata("process_sort_index", state, { sort_index: -1 }),
      ...sorted.flatMap((t, i) => taskMetadata(t, i)),
    ],
  };
}

function taskMetadata(t: TaskInfo, order: number): ChromeEvent[] {
  const where = { pid: t.pid, tid: t.pid };
  const name = t.comm === "" ? "<...>" : t.comm;
  return [
    metadata("process_name", where, { name }),
    metadata("process_labels", where, { labels: `CPU ${t.cpu}` }),
    metadata("process_sort_index", where, { sort_index: order }),
    metadata("thread_name", where, { name }),
  ];
}
