// `npm run build:web`: the playground as a static folder, dist/web (or the folder given).
import { resolve } from "node:path";
import { buildWeb, WEB_OUT } from "../src/web/build.ts";

const out = process.argv[2] === undefined ? WEB_OUT : resolve(process.argv[2]);
await buildWeb(out);
process.stdout.write(`built the playground into ${out}\n`);
