// Thread ids and names of the Chrome view's tracks. Everything lives in one process, "pinsim";
// each simulated CPU is a thread track "CPU n" (lane 0), with overlap lanes "CPU n (overlap k)"
// when tasks on that CPU have crossing frames (chrome_lanes.ts). There are no per-task tracks:
// slices are drawn on the CPU that ran them, and the task (comm, pid) is in every slice's args.
// tid = (lane + 1) * stride + cpu, with stride a power of ten above the CPU count, so that
// CPU 3 is tid 1003 and its first overlap lane 2003; tid 0 is avoided (Perfetto's swapper).

import { type ChromeEvent, metadata } from "./events.ts";

export interface TrackLayout {
  readonly nrCpus: number;
  readonly stride: number;
  laneCount(cpu: number): number;
}

export function tidStride(nrCpus: number): number {
  let stride = 1000;
  while (stride < nrCpus) stride *= 10;
  return stride;
}

export function trackTid(layout: TrackLayout, cpu: number, lane: number): number {
  return (lane + 1) * layout.stride + cpu;
}

export function trackName(cpu: number, lane: number): string {
  return lane === 0 ? `CPU ${cpu}` : `CPU ${cpu} (overlap ${lane})`;
}

/** process_name, then per track thread_name and thread_sort_index (CPU order, lanes together). */
export function trackMetadata(layout: TrackLayout): ChromeEvent[] {
  const events: ChromeEvent[] = [metadata("process_name", trackTid(layout, 0, 0), { name: "pinsim" })];
  for (let cpu = 0; cpu < layout.nrCpus; cpu++) {
    for (let lane = 0; lane < layout.laneCount(cpu); lane++) {
      const tid = trackTid(layout, cpu, lane);
      events.push(metadata("thread_name", tid, { name: trackName(cpu, lane) }));
      events.push(metadata("thread_sort_index", tid, { sort_index: cpu * layout.stride + lane }));
    }
  }
  return events;
}
