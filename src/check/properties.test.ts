import { describe, expect, it } from "vitest";
import { anonMachine, faultOntoLru } from "../../test/support/kernel_machine.ts";
import { MIGRATE_SYNC, migratePages } from "../kernel/migrate.ts";
import type { PinSource } from "./pins.ts";
import { PropertyChecker } from "./properties.ts";

const NO_PINS: PinSource = { records: [], sync() {}, kept: () => new Map() };

describe("PropertyChecker", () => {
  it("reports a modelled kernel assertion that fires as the no-kernel-bug property, not a crash", () => {
    const { m, k, vma } = anonMachine("v6.17", 1);
    m.spawn("test", 0, vma.mm, function* (k) {
      const [f] = yield* faultOntoLru(k, vma, 1);
      yield* migratePages(k, [f!], MIGRATE_SYNC, "longterm_pin"); // never isolated: VM_BUG_ON_FOLIO
    });
    let thrown: unknown = null;
    try {
      m.run();
    } catch (e) {
      thrown = e;
    }
    const checker = new PropertyChecker(k, NO_PINS, []);
    checker.failed(thrown, 7);
    expect(checker.violations).toHaveLength(1);
    expect(checker.violations[0]).toMatchObject({ property: "no-kernel-bug", event: 7 });
    expect(checker.violations[0]!.message).toMatch(
      /^kernel BUG: migrate_pages of a folio not isolated: folio/,
    );
  });
});
