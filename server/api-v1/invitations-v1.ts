import { ApiScope } from '../../shared/api/api-keys.ts';
import { CreateInviteBodySchema, CreateJoinLinkBodySchema, InviteSchema } from '../../shared/api/invites.ts';
import { InvitationListSchema, InvitationPathSchema, MeetingPathSchema, SharedLinkSchema } from '../../shared/api/v1.ts';
import { DialInInfoSchema } from '../../shared/dialin/dial-in-api.ts';
import type { AppDeps } from '../app-deps.ts';
import { publicOrigin } from '../http/forwarded.ts';
import { notFound } from '../lib/api-error.ts';
import { operation } from './operation.ts';
import { hostOf, meetingForKey } from './v1-access.ts';

const tag = 'Invitations';

/**
 * Ways into a meeting: personal email invitations, the shared guest link, the dial-in number and
 * PIN. Each is a way in, so each needs `invites:write`, reading included.
 */
export const invitationOperations = (deps: AppDeps) => [
  operation({
    method: 'post',
    path: '/meetings/{meetingId}/invitations',
    operationId: 'createInvitation',
    tag,
    summary: 'Invite a guest by email',
    description:
      'Sends the guest a personal link (with the time in their `timeZone` and a calendar attachment). ' +
      'The answer says whether sending failed (`state: failed`, `error`); a failure also fires `invitation.failed`.',
    scope: ApiScope.InvitesWrite,
    params: MeetingPathSchema,
    body: CreateInviteBodySchema,
    responses: { 201: { description: 'The invitation', schema: InviteSchema } },
    async handle(c, { params, body }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      const host = await hostOf(deps, meeting);
      await deps.limits.take('invitesPerAccount', host.id);
      return c.json(await deps.invites.invite(publicOrigin(c, deps.config), meeting, host, body), 201);
    },
  }),
  operation({
    method: 'post',
    path: '/meetings/{meetingId}/join-links',
    operationId: 'createJoinLink',
    tag,
    summary: 'Make a one-time join link for a named guest',
    description:
      'For a guest you reach yourself (your booking page, your CRM, a text message): the link opens the meeting with the ' +
      'name filled in and fixed, so the guest is not asked for one. The first browser that enters with it keeps it ' +
      '(a reload or a return in that browser works; another browser is refused with `join_link_used`); it stops ' +
      'letting anyone in at `expiresAt` (`join_link_expired`). It is listed with the invitations (`kind: link`) and revoked like one.',
    scope: ApiScope.InvitesWrite,
    params: MeetingPathSchema,
    body: CreateJoinLinkBodySchema,
    responses: { 201: { description: 'The join link (`url`)', schema: InviteSchema } },
    async handle(c, { params, body }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      const host = await hostOf(deps, meeting);
      await deps.limits.take('invitesPerAccount', host.id);
      return c.json(await deps.invites.joinLink(publicOrigin(c, deps.config), meeting, body), 201);
    },
  }),
  operation({
    method: 'get',
    path: '/meetings/{meetingId}/invitations',
    operationId: 'listInvitations',
    tag,
    summary: "List a meeting's invitations with their states",
    description: 'States: `sent`, `failed` (with `error`), `joined`, `revoked`.',
    scope: ApiScope.InvitesWrite,
    params: MeetingPathSchema,
    responses: { 200: { description: 'The invitations, oldest first', schema: InvitationListSchema } },
    async handle(c, { params }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      const { invites } = await deps.invites.list(publicOrigin(c, deps.config), meeting);
      return c.json({ invitations: invites });
    },
  }),
  operation({
    method: 'delete',
    path: '/meetings/{meetingId}/invitations/{invitationId}',
    operationId: 'revokeInvitation',
    tag,
    summary: 'Revoke an invitation',
    description: 'Its link stops working, also for a guest who is in the call when they next reconnect.',
    scope: ApiScope.InvitesWrite,
    params: InvitationPathSchema,
    responses: { 204: { description: 'Revoked' } },
    async handle(c, { params }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      await deps.invites.revoke(meeting.id, params.invitationId);
      return c.body(null, 204);
    },
  }),
  operation({
    method: 'get',
    path: '/meetings/{meetingId}/link',
    operationId: 'getSharedLink',
    tag,
    summary: "Get the meeting's shared guest link",
    scope: ApiScope.InvitesWrite,
    params: MeetingPathSchema,
    responses: { 200: { description: 'Anyone with this link may ask to enter', schema: SharedLinkSchema } },
    async handle(c, { params }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      const { link } = await deps.invites.list(publicOrigin(c, deps.config), meeting);
      return c.json({ link });
    },
  }),
  operation({
    method: 'post',
    path: '/meetings/{meetingId}/link',
    operationId: 'renewSharedLink',
    tag,
    summary: 'Renew the shared guest link',
    description: 'The old link stops working; the dial-in PIN is renewed with it.',
    scope: ApiScope.InvitesWrite,
    params: MeetingPathSchema,
    responses: { 200: { description: 'The new link', schema: SharedLinkSchema } },
    async handle(c, { params }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      const { link } = await deps.invites.renewLink(publicOrigin(c, deps.config), meeting.id);
      return c.json({ link });
    },
  }),
  operation({
    method: 'get',
    path: '/meetings/{meetingId}/dial-in',
    operationId: 'getDialIn',
    tag,
    summary: 'Get the dial-in number and PIN',
    description: '`enabled: false` when the server has no telephone dial-in.',
    scope: ApiScope.InvitesWrite,
    params: MeetingPathSchema,
    responses: { 200: { description: 'The dial-in details', schema: DialInInfoSchema } },
    async handle(c, { params }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      const info = await deps.dialIn.dialInFor(meeting.id);
      if (!info) throw notFound('meeting');
      return c.json(info);
    },
  }),
];
