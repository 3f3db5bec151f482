// Normalises the service's OpenAPI document so that the committed snapshot does not depend on
// where or when the service ran: drops the server entry springdoc generates from the request
// (its URL carries the host and port the document was fetched from), sorts every object's keys
// and pretty-prints with two spaces. Arrays keep the order the service serves them in.
// Plain node rather than jq: jq 1.6 and 1.7 print numbers such as 1.0 differently.
//
// Usage: node normalise.mjs <base-url> < raw.json > openapi.json
import { readFileSync } from "node:fs";

const base = process.argv[2];
if (!base) {
  console.error("usage: node normalise.mjs <base-url> < raw.json");
  process.exit(2);
}
const authority = new URL(base).host; // host[:port], as in the generated server URL

const doc = JSON.parse(readFileSync(0, "utf8"));
if (Array.isArray(doc.servers)) {
  doc.servers = doc.servers.filter(
    (s) => !(s.description === "Generated server url" || (typeof s.url === "string" && s.url.includes(authority))),
  );
  if (doc.servers.length === 0) delete doc.servers;
}

const sortKeys = (v) => {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
};
process.stdout.write(JSON.stringify(sortKeys(doc), null, 2) + "\n");
