/** `npm run docs:api`: writes docs/api-reference.md from the OpenAPI document the server serves. */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openApiDocument } from '../server/api-v1/openapi.ts';
import { renderReference } from '../server/api-v1/render-reference.ts';
import { v1Operations } from '../server/api-v1/v1-router.ts';
import { assembleDeps } from '../server/app-deps.ts';
import { testConfig } from '../server/config.ts';
import { createMailer } from '../server/mail/mailer.ts';
import { createMemoryStorage } from '../server/storage/lowdb/lowdb-storage.ts';

// The operations only describe themselves here: nothing is stored, sent or served.
const config = testConfig({ dataDir: tmpdir() });
const deps = assembleDeps({
  config,
  storage: createMemoryStorage(),
  mailer: createMailer({ smtpUrl: null, mailFrom: config.mailFrom, dataDir: tmpdir() }),
});
const target = new URL('../docs/api-reference.md', import.meta.url);
writeFileSync(target, renderReference(openApiDocument(v1Operations(deps)) as Parameters<typeof renderReference>[0]));
console.log(`wrote ${target.pathname}`);
