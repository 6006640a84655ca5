// Which region page an actor touches or pins next. "random" is a fresh random permutation of the
// region per cycle, drawn with engine.choose(): the order is discrete nondeterminism, which the
// model checker may enumerate and the timed simulator draws from the seed.

import type { Engine } from "../engine/engine.ts";

export class PageOrder {
  private readonly engine: Engine;
  private readonly nrPages: number;
  private readonly random: boolean;
  private readonly label: string;
  private left: number[] = [];
  private issued = 0;

  constructor(engine: Engine, nrPages: number, random: boolean, label: string) {
    this.engine = engine;
    this.nrPages = nrPages;
    this.random = random;
    this.label = label;
  }

  next(): number {
    const i = this.issued++;
    if (!this.random) return i % this.nrPages;
    if (this.left.length === 0) this.left = Array.from({ length: this.nrPages }, (_, p) => p);
    const pick = this.engine.choose(this.left.length, this.label);
    const page = this.left[pick]!;
    this.left[pick] = this.left[this.left.length - 1]!;
    this.left.pop();
    return page;
  }
}
