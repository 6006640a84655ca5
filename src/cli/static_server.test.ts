import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pinsim } from "../../test/support/cli.ts";
import { fileFor, serveFolder } from "./static_server.ts";

const root = mkdtempSync(join(tmpdir(), "pinsim-serve-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the static server of pinsim serve", () => {
  it("maps URL paths into the folder and never outside it", () => {
    expect(fileFor(root, "/")).toBe(join(root, "index.html"));
    expect(fileFor(root, "/?scenario=cma-pin&runs=3")).toBe(join(root, "index.html"));
    expect(fileFor(root, "/assets/a.js")).toBe(join(root, "assets", "a.js"));
    for (const url of [
      "/../package.json",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/assets/..%2f..%2f..%2fx",
      "/..%5c..%5cx",
    ]) {
      const file = fileFor(root, url);
      if (file !== null) expect(file.startsWith(`${root}/`), `${url} -> ${file}`).toBe(true);
    }
    expect(fileFor(root, "/a%00b")).toBeNull();
    expect(fileFor(root, "/%E0%A4%A")).toBeNull();
  });

  it("serves the folder's files on loopback, 404 for anything else", async () => {
    mkdirSync(join(root, "assets"), { recursive: true });
    writeFileSync(join(root, "index.html"), "<!doctype html><p>hi</p>");
    writeFileSync(join(root, "assets", "a.js"), "export {}");
    const server = await serveFolder(root, "127.0.0.1", 0);
    const { port, address } = server.address() as { port: number; address: string };
    expect(address).toBe("127.0.0.1");
    try {
      const page = await fetch(`http://127.0.0.1:${port}/?scenario=cma-pin`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await page.text()).toContain("<p>hi</p>");
      expect((await fetch(`http://127.0.0.1:${port}/assets/a.js`)).headers.get("content-type")).toMatch(
        /javascript/,
      );
      expect((await fetch(`http://127.0.0.1:${port}/nope.js`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/`, { method: "POST" })).status).toBe(405);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("a port in use, or a host that is not this machine's, is bad input (exit 2)", async () => {
    const server = await serveFolder(root, "127.0.0.1", 0);
    const { port } = server.address() as { port: number };
    try {
      const r = await pinsim(["serve", "--port", String(port)]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`port ${port} on 127.0.0.1 is in use; choose another with --port`);
    } finally {
      await new Promise((r) => server.close(r));
    }
    const r = await pinsim(["serve", "--port", "0", "--host", "192.0.2.1"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot listen on host "192.0.2.1"');
  });
});
