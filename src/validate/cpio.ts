// A gzipped "newc" cpio archive, the format the kernel unpacks as an initramfs: for each entry a
// 110-byte ASCII header (magic 070701 and thirteen 8-digit hex fields), the NUL-terminated name,
// padding to 4 bytes, the data, padding to 4 bytes; the archive ends with an entry named
// TRAILER!!!. Written here so validate needs no cpio tool.

import { gzipSync } from "node:zlib";

export interface CpioEntry {
  readonly name: string;
  /** File type and permission bits, e.g. 0o100755 for an executable, 0o040755 for a directory. */
  readonly mode: number;
  readonly data?: Uint8Array;
  /** Device numbers of a character or block device node. */
  readonly rdev?: { readonly major: number; readonly minor: number };
}

export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFCHR = 0o020000;

const TRAILER = "TRAILER!!!";

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

function header(ino: number, e: CpioEntry, size: number, nameSize: number): string {
  const fields = [
    ino,
    e.mode,
    0, // uid
    0, // gid
    (e.mode & 0o170000) === S_IFDIR ? 2 : 1, // nlink
    0, // mtime: fixed, so the archive is a function of its entries
    size,
    0, // devmajor
    0, // devminor
    e.rdev?.major ?? 0,
    e.rdev?.minor ?? 0,
    nameSize,
    0, // check
  ];
  return `070701${fields.map(hex8).join("")}`;
}

/** The uncompressed archive. */
export function cpioNewc(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const all = [...entries, { name: TRAILER, mode: 0 }];
  all.forEach((e, i) => {
    const data = e.data ?? new Uint8Array(0);
    const name = Buffer.from(`${e.name}\0`, "utf8");
    const head = Buffer.from(header(i + 1, e, data.length, name.length), "ascii");
    parts.push(head, name, new Uint8Array(pad4(head.length + name.length)));
    parts.push(data, new Uint8Array(pad4(data.length)));
  });
  return Buffer.concat(parts);
}

/** The archive gzipped, as QEMU's -initrd takes it. */
export function initramfs(entries: readonly CpioEntry[]): Uint8Array {
  return gzipSync(cpioNewc(entries), { level: 6 });
}
