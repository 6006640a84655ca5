// node:fs in the page's bundle (vite.config.ts aliases it here). Only versions/patch_file.ts
// reaches it, for a kernel named with a patch file (v6.15+./my-patch.yaml): the page has no files,
// so the read fails and the loader reports "cannot read patch file" with this reason.

export function readFileSync(): never {
  throw Object.assign(new Error("no files in the browser"), {
    code: "the playground cannot read files: use a built-in patch, or the pinsim command",
  });
}
