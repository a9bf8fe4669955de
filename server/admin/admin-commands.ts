import type { AccountFeaturesService } from './account-features.ts';
import type { AdminResult, ParsedAdminRequest } from './admin-protocol.ts';
import type { Snapshot } from '../backup/snapshot.ts';
import { ApiError } from '../lib/api-error.ts';
import { ErrorCode } from '../../shared/api/errors.ts';

export type AdminHandler = (request: ParsedAdminRequest) => Promise<AdminResult<ParsedAdminRequest['command']>>;

/** Carries out one admin-socket request with the account-features module (the same the operator API uses). */
export function adminCommandHandler(
  features: AccountFeaturesService,
  { snapshot }: { snapshot?: () => Promise<Snapshot> } = {},
): AdminHandler {
  return async (request) => {
    switch (request.command) {
      case 'list':
        return features.list(request);
      case 'set':
        return features.set({ email: request.email }, { [request.feature]: request.on }, { kind: 'cli', osUser: request.osUser });
      case 'audit':
        return features.audit(request);
      case 'snapshot':
        // Only the running server takes one (the backup command copies a stopped server's folder itself).
        if (!snapshot) throw new ApiError(ErrorCode.Conflict, 'no server holds this data folder; the backup copies it directly');
        return snapshot();
      default: {
        const unknown: never = request;
        throw new Error(`unknown admin command ${JSON.stringify(unknown)}`);
      }
    }
  };
}
