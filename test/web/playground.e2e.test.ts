// The playground in a real browser (Debian's Chromium): load, edit the scenario into an error and
// see it inline, fix it, run, open a failed run, share the link, reopen it; the numbers on the
// page are the CLI's, byte for byte. Then `check` and its counterexample lanes. With
// PINSIM_SCREENSHOTS=1 (npm run screenshots) it also writes the views to docs/screenshots/.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveFolder } from "../../src/cli/static_server.ts";
import { buildWeb } from "../../src/web/build.ts";
import { fromBase64Url } from "../../src/web/link.ts";
import { type Browser, browserAvailable, launchChromium } from "../support/browser.ts";
import { MAIN, node24, ROOT } from "../support/processes.ts";

const SHOTS = process.env.PINSIM_SCREENSHOTS ? join(ROOT, "docs", "screenshots") : null;
const T = 60_000;

/** `pinsim ARGS` as a process in `cwd`: what a user at a terminal gets. */
function cli(args: string[], cwd: string): string {
  const r = spawnSync(node24(), [MAIN, ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`pinsim ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** The view a doc page shows: one element of the page, or the window as it is. */
async function shot(page: Page, name: string, testid?: string): Promise<void> {
  if (SHOTS === null) return;
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  if (testid === undefined) await page.screenshot({ path });
  else await page.locator(`[data-testid="${testid}"]`).first().screenshot({ path });
}

async function text(page: Page, testid: string): Promise<string> {
  return (await page.locator(`[data-testid="${testid}"]`).first().textContent()) ?? "";
}

describe.skipIf(!browserAvailable())("the playground in Chromium", () => {
  let out: string;
  let work: string;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "pinsim-web-"));
    work = mkdtempSync(join(tmpdir(), "pinsim-cli-"));
    await buildWeb(out);
    server = await serveFolder(out, "127.0.0.1", 0);
    const addr = server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}/`;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    rmSync(out, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it("load, edit with an error, fix, run, open a failure, share, reopen: the CLI's numbers", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(base);
    await page.locator(".cm-content").waitFor({ timeout: T });
    expect(await text(page, "lint")).toBe("pkvm-mlock-onfault.yaml: loads");

    // Edit line 1 into an invalid name: the loader's line:column error, inline and below.
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("End");
    await page.keyboard.type("!");
    await expect
      .poll(() => text(page, "lint"))
      .toMatch(/^scenario\.yaml:1:7: field name: found "pkvm-mlock-onfault!"/);
    await page.locator(".cm-lintRange-error").first().waitFor({ timeout: T });
    expect(await page.locator('[data-testid="run"]').isDisabled()).toBe(true);
    await shot(page, "editor-error", "inputs");

    // Fix it as a scenario of one's own.
    for (let i = 0; i < "onfault!".length; i++) await page.keyboard.press("Backspace");
    await page.keyboard.type("mine");
    await expect.poll(() => text(page, "lint")).toBe("scenario.yaml: loads");
    await page.locator('[data-testid="runs"]').fill("40");

    await page.locator('[data-testid="run"]').click();
    await page.locator('[data-testid="table"]').waitFor({ timeout: T });
    const table = await text(page, "table");
    expect(table).toMatch(/^pkvm-mlock-mine: /);
    expect(await page.locator('[data-testid="chart"] svg').count()).toBe(1);
    await shot(page, "comparison");

    // The failed run: its explain story is the CLI's; the timeline marks the extra reference.
    const failed = page.locator('[data-testid="failed-run"]').first();
    const label = (await failed.textContent()) ?? "";
    const [, kernel, seed] = /^(\S+), seed (\d+)$/.exec(label)!;
    await failed.click();
    await page.locator('[data-testid="explain"]').waitFor({ timeout: T });
    expect(await page.locator('[data-testid="timeline"] .lane').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="timeline"] .stay.extra').count()).toBeGreaterThanOrEqual(1);
    await shot(page, "failed-run", "failure");

    // Share: the link and the CLI command.
    await page.locator('[data-testid="share"]').click();
    const link = await page.locator('[data-testid="share-link"]').inputValue();
    await page.locator('[data-testid="copy-cli"]').click();
    const command = await page.locator('[data-testid="cli-command"]').inputValue();
    expect(command).toMatch(/^cat > scenario\.yaml <<'EOF'\n/);
    expect(command.trimEnd().split("\n").at(-1)).toBe(
      "pinsim compare scenario.yaml --kernels v6.15,v6.17 --seed 1 --runs 40",
    );

    // The CLI on the same inputs, from the link itself.
    const yaml = fromBase64Url(new URL(link).searchParams.get("yaml")!)!;
    writeFileSync(join(work, "scenario.yaml"), yaml);
    const args = ["compare", "scenario.yaml", "--kernels", "v6.15,v6.17", "--seed", "1", "--runs", "40"];
    expect(table).toBe(cli(args, work));
    expect(await text(page, "explain")).toBe(
      cli(["explain", "scenario.yaml", "--kernel", kernel!, "--seed", seed!], work),
    );

    // Reopen the link in a new tab: it runs by itself and shows the same bytes.
    const again = await browser.context.newPage();
    await again.goto(link);
    await again.locator('[data-testid="table"]').waitFor({ timeout: T });
    expect(await text(again, "table")).toBe(table);
    expect(await again.locator('[data-testid="json"]').textContent()).toBe(cli([...args, "--json"], work));
    expect(errors).toEqual([]);
    await again.close();
    await page.close();
  }, 240_000);

  it("check: the counterexample as per-CPU lanes with the ledger at each step", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}?scenario=pkvm-mlock-onfault&kernels=v6.15&runs=10&seed=1`);
    await page.locator('[data-testid="table"]').waitFor({ timeout: T });
    await page.locator('[data-testid="check"]').click();
    await page.locator('[data-testid="cx-lanes"]').waitFor({ timeout: T });
    expect(await text(page, "check-result")).toContain("violated: every-pin-succeeds");
    const header = await page.locator('[data-testid="cx-lanes"] thead th').allTextContents();
    expect(header).toEqual(["step", "CPU 0", "CPU 1", "ledger after the step"]);
    expect(await page.locator('[data-testid="cx-lanes"] tr.violation').count()).toBeGreaterThanOrEqual(1);
    expect(await text(page, "cx-lanes")).toMatch(/f1 refcount \d+ = pagecache 1/);
    await shot(page, "check", "cx-lanes");
    await page.close();
  }, 240_000);

  it("a link naming no built-in shows what is wrong and opens the default", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}?scenario=nope&runs=0`);
    const problems = await text(page, "link-problems");
    expect(problems).toContain('no built-in scenario named "nope"');
    expect(problems).toContain('runs: "0" is not a whole number in 1..100000');
    await page.close();
  }, 120_000);
});
