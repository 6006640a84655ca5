import { describe, expect, it } from "vitest";
import { xmlProblems } from "./xml_check.ts";

describe("xmlProblems", () => {
  it("accepts well-formed documents", () => {
    expect(xmlProblems('<svg a="1"><g><rect/><text x="1">a &amp; b &lt; c</text></g></svg>')).toEqual([]);
  });

  it("finds the usual mistakes", () => {
    expect(xmlProblems("<svg><g></svg>")).not.toEqual([]);
    expect(xmlProblems("<svg><text>a & b</text></svg>")).not.toEqual([]);
    expect(xmlProblems('<svg a="1" a="2"></svg>')).not.toEqual([]);
    expect(xmlProblems("<svg a=1></svg>")).not.toEqual([]);
    expect(xmlProblems("<svg></svg><svg></svg>")).not.toEqual([]);
    expect(xmlProblems("<svg><text>1 < 2</text></svg>")).not.toEqual([]);
  });
});
