import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64url, encodeBase64url } from "./base64url.ts";

describe("base64url", () => {
  it("encodes as Buffer does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(encodeBase64url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
      }),
    );
  });

  it("decodes any text of the alphabet as Buffer does, canonical or not", () => {
    const text = fc.string({ unit: fc.constantFrom(..."AZaz09-_QgB"), maxLength: 40 });
    fc.assert(
      fc.property(text, (t) => {
        expect([...decodeBase64url(t)]).toEqual([...Buffer.from(t, "base64url")]);
      }),
    );
  });
});
