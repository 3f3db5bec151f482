// Prints "<token> <company id>" for the demo admin (acme's user 1), signed HS256 with
// $ANALYTICS_JWT_SECRET or else the public demo secret of application-demo.yml. Only for the demo
// run: the ids are the fixed ones of the demo dataset (UUID.nameUUIDFromBytes of the names).
//   node e2e/demo-token.mjs [company-name] [member-index]
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function demoSecret() {
  if (process.env.ANALYTICS_JWT_SECRET) return process.env.ANALYTICS_JWT_SECRET;
  const yml = readFileSync(join(here, '..', 'src', 'main', 'resources', 'application-demo.yml'), 'utf8');
  const match = /hmac-secret:\s*\$\{ANALYTICS_JWT_SECRET:([^}]+)\}/.exec(yml);
  if (!match) throw new Error('no demo secret in application-demo.yml; set ANALYTICS_JWT_SECRET');
  return match[1].trim();
}

/** Java's UUID.nameUUIDFromBytes: an MD5 (version 3) name-based UUID. */
function nameUuid(name) {
  const hash = createHash('md5').update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x30;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const company = process.argv[2] || 'acme';
const index = Number(process.argv[3] || 1); // 0 owner, 1 admin, 2 member
const now = Math.floor(Date.now() / 1000);
const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
  sub: nameUuid(`analytics-dataset:user:${company}:${index}`), iat: now, exp: now + 2 * 3600,
})}`;
const signature = createHmac('sha256', demoSecret()).update(unsigned).digest('base64url');
console.log(`${unsigned}.${signature} ${nameUuid(`analytics-dataset:company:${company}`)}`);
