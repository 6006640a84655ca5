// base64url (RFC 4648 §5, no padding) without Node's Buffer, so replay tokens are made the same
// way in the browser playground. Decoding ignores what a canonical encoding would not contain (a
// lone last character, the unused low bits), as Buffer does; token.ts re-encodes to insist on the
// canonical form. base64url.test.ts compares both directions with Buffer.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function encodeBase64url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Characters outside the alphabet are skipped (callers check the alphabet first). */
export function decodeBase64url(text: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let nbits = 0;
  for (const c of text) {
    const v = VALUE.get(c);
    if (v === undefined) continue;
    bits = ((bits << 6) | v) & 0xffffff;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out.push((bits >> nbits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}
