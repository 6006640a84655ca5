// `--queue redis://HOST:PORT[/DB]`: the one form of queue address pinsim takes.

import { QueueInputError } from "./job.ts";

export interface QueueAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  /** As given, for messages. */
  readonly text: string;
}

const FORM = "redis://HOST:PORT[/DB], e.g. redis://127.0.0.1:6379 or redis://queue.lab:6379/2";

export function parseQueueUrl(text: string): QueueAddress {
  const shown = text.length > 80 ? `${text.slice(0, 80)}...` : text;
  const bad = (why: string) => new QueueInputError(`--queue "${shown}": ${why}; the form is ${FORM}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad("not a URL");
  }
  if (url.protocol !== "redis:") throw bad(`the scheme is "${url.protocol.replace(/:$/, "")}", not redis`);
  if (url.hostname === "") throw bad("no host");
  if (url.port === "") throw bad("no port");
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "")
    throw bad("user, password, query and fragment are not supported");
  const path = url.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d{1,2}$/.test(path)) throw bad(`"/${path}" is not a database number 0..15`);
  const db = path === "" ? 0 : Number(path);
  if (db > 15) throw bad(`database ${db} is past 15`);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { host, port: Number(url.port), db, text };
}
