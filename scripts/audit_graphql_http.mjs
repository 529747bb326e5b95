// The graphql-http spec audit against a running server: prints each audit that is not ok,
// then the counts; exits 1 unless every audit passes (a warning or a notice counts as failed).
//
//   (cd scripts/audit && npm ci)
//   node scripts/audit_graphql_http.mjs http://127.0.0.1:8000/graphql
import { createRequire } from 'node:module';

const require = createRequire(new URL('./audit/package.json', import.meta.url));
const { auditServer } = require('graphql-http');

const url = process.argv[2];
if (!url) {
  console.error('usage: node scripts/audit_graphql_http.mjs URL');
  process.exit(2);
}
const results = await auditServer({ url });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] += 1;
  if (result.status !== 'ok') {
    console.log(`${result.status.toUpperCase()} ${result.id} ${result.name}: ${result.reason}`);
  }
}
console.log(`graphql-http audit: ${results.length} audits, ${counts.ok} ok, ${counts.notice} `
  + `notice, ${counts.warn} warn, ${counts.error} error`);
process.exit(counts.ok === results.length ? 0 : 1);
