// fs/splice.c: vmsplice() of user pages into a pipe takes a page reference per page (through
// the FOLL_GET user-page walk) that the pipe buffer holds until the pipe is read or closed.

import type { Proc } from "../engine/op.ts";
import { getUserPages, putUserPages } from "./gup.ts";
import type { Kernel } from "./kernel.ts";
import type { Mm } from "./mm.ts";

/** A pipe: the folios its buffers hold references on. */
export interface Pipe {
  readonly name: string;
  readonly bufs: number[];
}

/** vmsplice_to_pipe(): returns the pages spliced or a negative errno. */
export function* vmspliceToPipe(k: Kernel, mm: Mm, pipe: Pipe, start: number, nr: number): Proc<number> {
  k.traceFunc("func_begin", "vmsplice_to_pipe");
  const pages: number[] = [];
  const ret = yield* getUserPages(k, mm, start, nr, pages);
  if (ret > 0) for (const f of pages.slice(0, ret)) pipe.bufs.push(f);
  k.traceFunc("func_end", "vmsplice_to_pipe", ret);
  return ret;
}

/** pipe_read() consuming every buffer: the page references are released. */
export function* pipeRead(k: Kernel, pipe: Pipe): Proc<number> {
  const n = pipe.bufs.length;
  putUserPages(k, pipe.bufs);
  pipe.bufs.length = 0;
  yield k.cost(k.costs.syscall_ns + n * k.costs.gup_get_ns);
  return n;
}
