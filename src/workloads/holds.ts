// Who, among the workload's actors, holds GUP references and pins. The kernel's ledger counts
// them by kind only (gup-get, gup-pin); this registry names the actor and the operation, so an
// explanation can say "short-term GUP reference of reader's read 17" instead of "gup-get 1".
// Transient (driver) references already carry labels in the kernel (k.transient).

export interface ActorHold {
  readonly folio: number;
  readonly actor: string;
  readonly kind: "gup-get" | "gup-pin";
  readonly label: string;
  readonly cpu: number;
  readonly since_ns: number;
}

export class HoldRegistry {
  private readonly byFolio = new Map<number, ActorHold[]>();

  add(h: ActorHold): void {
    const list = this.byFolio.get(h.folio);
    if (list === undefined) this.byFolio.set(h.folio, [h]);
    else list.push(h);
  }

  /** Removes one hold of `folio` with this label (the one added first). */
  remove(folio: number, label: string): void {
    const list = this.byFolio.get(folio);
    const i = list === undefined ? -1 : list.findIndex((h) => h.label === label);
    if (i < 0) throw new Error(`folio ${folio}: no actor hold "${label}"`);
    list!.splice(i, 1);
    if (list!.length === 0) this.byFolio.delete(folio);
  }

  of(folio: number): readonly ActorHold[] {
    return this.byFolio.get(folio) ?? [];
  }

  /** How many holds of `kind` each folio has. */
  countOf(kind: ActorHold["kind"]): Map<number, number> {
    const out = new Map<number, number>();
    for (const [folio, list] of this.byFolio) {
      const n = list.filter((h) => h.kind === kind).length;
      if (n > 0) out.set(folio, n);
    }
    return out;
  }
}
