import type { AccountFeaturesService } from './account-features.ts';
import type { AdminResult, ParsedAdminRequest } from './admin-protocol.ts';

export type AdminHandler = (request: ParsedAdminRequest) => Promise<AdminResult<ParsedAdminRequest['command']>>;

/** Carries out one admin-socket request with the account-features module (the same the operator API uses). */
export function adminCommandHandler(features: AccountFeaturesService): AdminHandler {
  return async (request) => {
    switch (request.command) {
      case 'list':
        return features.list(request);
      case 'set':
        return features.set({ email: request.email }, { [request.feature]: request.on }, { kind: 'cli', osUser: request.osUser });
      case 'audit':
        return features.audit(request);
      default: {
        const unknown: never = request;
        throw new Error(`unknown admin command ${JSON.stringify(unknown)}`);
      }
    }
  };
}
