// A fuzz worker process: runs the cases the parent sends, one at a time, and answers each. The
// parent kills it when a case outlasts its time or memory budget, and starts another.

import { runCase } from "./case.ts";

interface Request {
  readonly id: number;
  readonly file: string;
}

process.on("message", (m: Request) => {
  void runCase(m.file).then((r) => process.send!({ id: m.id, ...r }));
});
process.send!({ ready: true });
