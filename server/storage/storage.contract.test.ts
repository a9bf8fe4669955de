import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { apiKeysContract } from '../../test/storage/contract/api-keys.contract.ts';
import { chatContract } from '../../test/storage/contract/chat.contract.ts';
import { dumpContract } from '../../test/storage/contract/dump.contract.ts';
import { contractContext } from '../../test/storage/contract/fixtures.ts';
import { invitesContract } from '../../test/storage/contract/invites.contract.ts';
import { meetingsContract } from '../../test/storage/contract/meetings.contract.ts';
import { rateCountersContract } from '../../test/storage/contract/rate-counters.contract.ts';
import { roomStatesContract } from '../../test/storage/contract/room-states.contract.ts';
import { recordingsContract } from '../../test/storage/contract/recordings.contract.ts';
import { sessionsContract } from '../../test/storage/contract/sessions.contract.ts';
import { webhooksContract } from '../../test/storage/contract/webhooks.contract.ts';
import { usersContract } from '../../test/storage/contract/users.contract.ts';
import { STORAGE_IMPLEMENTATIONS } from '../../test/storage/implementations.ts';

/**
 * The storage contract (repositories.ts), one suite run against every implementation: lowdb in
 * memory, lowdb on disk (db.json and JSON-Lines chat in a temporary folder), and PostgreSQL
 * started for the run from Debian's binaries (without them these tests fail, saying to install
 * Debian's `postgresql`; they never skip). The suites are in test/storage/contract/.
 */
describe.each(STORAGE_IMPLEMENTATIONS)('storage contract: $name', (impl) => {
  const ctx = contractContext(impl);
  beforeAll(() => impl.setup(), 120_000);
  afterEach(() => ctx.closeAll());
  afterAll(() => impl.teardown(), 60_000);

  usersContract(ctx);
  sessionsContract(ctx);
  meetingsContract(ctx);
  invitesContract(ctx);
  recordingsContract(ctx);
  chatContract(ctx);
  rateCountersContract(ctx);
  roomStatesContract(ctx);
  apiKeysContract(ctx);
  webhooksContract(ctx);
  dumpContract(ctx);
});
