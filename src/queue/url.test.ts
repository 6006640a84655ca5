import { describe, expect, it } from "vitest";
import { QueueInputError } from "./job.ts";
import { parseQueueUrl } from "./url.ts";

describe("parseQueueUrl", () => {
  it("reads host, port and database", () => {
    expect(parseQueueUrl("redis://127.0.0.1:6379")).toMatchObject({ host: "127.0.0.1", port: 6379, db: 0 });
    expect(parseQueueUrl("redis://queue.lab:7000/3")).toMatchObject({ host: "queue.lab", port: 7000, db: 3 });
    expect(parseQueueUrl("redis://[::1]:6379/")).toMatchObject({ host: "::1", port: 6379, db: 0 });
  });

  it.each([
    ["foo", /not a URL/],
    ["http://h:1", /scheme is "http"/],
    ["redis://h", /no port/],
    ["redis://h:1/16", /database 16 is past 15/],
    ["redis://h:1/x", /not a database number/],
    ["redis://u:p@h:1", /password/],
  ])("refuses %s, naming what is wrong and the form", (text, why) => {
    expect(() => parseQueueUrl(text)).toThrow(QueueInputError);
    expect(() => parseQueueUrl(text)).toThrow(why);
    expect(() => parseQueueUrl(text)).toThrow(/the form is redis:\/\/HOST:PORT\[\/DB\]/);
  });
});
