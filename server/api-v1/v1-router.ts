import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { invitationOperations } from './invitations-v1.ts';
import { meetingOperations } from './meetings-v1.ts';
import { type AnyOperation, mountOperations } from './operation.ts';
import type { V1Env } from './v1-env.ts';
import { openApiDocument } from './openapi.ts';
import { callOperations } from './call-v1.ts';
import { requireApiKey } from './v1-auth.ts';
import { webhookOperations } from './webhooks-v1.ts';

/** Every operation of the public API, in the order the reference lists them. */
export const v1Operations = (deps: AppDeps): AnyOperation[] => [
  ...meetingOperations(deps),
  ...invitationOperations(deps),
  ...callOperations(deps),
  ...webhookOperations(deps),
];

/** `/api/v1`: the OpenAPI document for anyone; everything else for an API key with the right scope. */
export function v1Router(deps: AppDeps) {
  const operations = v1Operations(deps);
  const document = openApiDocument(operations);
  const router = new Hono<V1Env>().get('/openapi.json', (c) => c.json(document)).use(requireApiKey(deps));
  return mountOperations(router, operations);
}
