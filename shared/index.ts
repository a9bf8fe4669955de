export * from './protocol-version';
export * from './api/errors';
export * from './api/meetings';
export * from './api/participants';
export * from './room-events';
export * from './api/auth';
export * from './api/invites';
