import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { ChatHistoryQuerySchema, FILE_NAME_MAX, PostChatBodySchema } from '../../shared/api/chat.ts';
import { ErrorCode } from '../../shared/api/errors.ts';
import { MediaCheckBodySchema } from '../../shared/media-check.ts';
import { requireHostOrParticipant, requireParticipant, type ParticipantEnv } from '../access/participant-auth.ts';
import { requireRoomAccess, type RoomAccessEnv } from '../access/room-access.ts';
import type { AppDeps } from '../app-deps.ts';
import { FileTooLargeError, PREVIEWABLE_IMAGES } from '../files/file-store.ts';
import { ApiError, notFound } from '../lib/api-error.ts';
import { clientIp } from '../lib/rate-limit.ts';
import { createMiddleware } from 'hono/factory';
import { deviceIdOf } from '../host-controls/device-id.ts';
import { validate } from '../lib/validate.ts';

const FileNameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'the file needs a name'),
  v.maxLength(FILE_NAME_MAX, `file names can have at most ${FILE_NAME_MAX} characters`),
  v.regex(/^[^\p{Cc}\p{Cf}/\\]*$/u, 'the file name has characters that are not allowed'),
);
const FileIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{8,64}$/));

/** RFC 6266 Content-Disposition with a UTF-8 name and an ASCII fallback. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Chat history and posting, shared files, and the pre-join media-check reports for the bot. */
export function chatRouter(deps: AppDeps) {
  const { chat, bot, files, config } = deps;
  const access = requireRoomAccess(deps);
  const participant = requireParticipant(deps);
  const member = requireHostOrParticipant(deps);
  const { limits } = deps;
  const ip = (c: Context) => clientIp(c, config.trustProxy);
  const reportLimit = limits.middleware('mediaCheckReportsPerIp', ip);
  const uploadLimit = limits.middleware('uploadsPerIp', ip);
  // Generous for people, a wall for scripts: per participant, and per browser and per meeting, so
  // that joining again and again does not multiply it.
  const chatLimit = createMiddleware<ParticipantEnv>(async (c, next) => {
    const meetingId = c.get('meeting').id;
    await limits.take('chatPerParticipant', c.get('participant').id);
    await limits.take('chatPerDevice', `${meetingId}:${deviceIdOf(c) ?? ip(c)}`);
    await limits.take('chatPerMeeting', meetingId);
    await next();
  });

  return new Hono<ParticipantEnv>()
    .get('/:id/chat', access, member, validate('query', ChatHistoryQuerySchema), async (c) => {
      const meeting = c.get('meeting');
      return c.json(await chat.history(meeting.id, c.get('grant').kind === 'host', c.req.valid('query')));
    })
    .post('/:id/chat', access, participant, chatLimit, validate('json', PostChatBodySchema), async (c) => {
      const sender = c.get('participant');
      const message = await chat.post(c.get('meeting').id, sender, { kind: 'text', text: c.req.valid('json').text });
      return c.json({ message }, 201);
    })
    .post('/:id/files', access, participant, uploadLimit, async (c) => {
      const nameResult = v.safeParse(FileNameSchema, c.req.query('name') ?? '');
      if (!nameResult.success) throw new ApiError(ErrorCode.ValidationFailed, `invalid name: ${nameResult.issues[0].message}`);
      const declared = Number(c.req.header('content-length') ?? NaN);
      if (declared > config.fileMaxBytes) {
        throw new ApiError(ErrorCode.PayloadTooLarge, `the file is larger than ${Math.round(config.fileMaxBytes / 1024 / 1024)} MB`);
      }
      const body = c.req.raw.body;
      if (!body || declared === 0) throw new ApiError(ErrorCode.BadRequest, 'the file is empty');
      let stored: Awaited<ReturnType<typeof files.save>>;
      try {
        stored = await files.save(c.get('meeting').id, body, config.fileMaxBytes);
      } catch (error) {
        if (error instanceof FileTooLargeError) throw new ApiError(ErrorCode.PayloadTooLarge, error.message);
        throw error;
      }
      if (stored.size === 0) {
        await files.remove(c.get('meeting').id, stored.id);
        throw new ApiError(ErrorCode.BadRequest, 'the file is empty');
      }
      const file = { id: stored.id, name: nameResult.output, size: stored.size, mime: stored.mime };
      const message = await chat.post(c.get('meeting').id, c.get('participant'), { kind: 'file', text: file.name, file });
      return c.json({ message }, 201);
    })
    .get('/:id/files/:fileId', access, member, async (c) => {
      const meetingId = c.get('meeting').id;
      const fileId = c.req.param('fileId');
      if (!v.is(FileIdSchema, fileId)) throw notFound('file');
      const meta = await chat.findFile(meetingId, fileId);
      const found = meta ? await files.open(meetingId, fileId) : null;
      if (!meta || !found) throw notFound('file');
      const inline = c.req.query('inline') === '1' && PREVIEWABLE_IMAGES.has(meta.mime);
      return new Response(found.stream(), {
        headers: {
          'content-type': inline ? meta.mime : meta.mime === 'text/plain' ? 'text/plain; charset=utf-8' : meta.mime,
          'content-length': String(found.size),
          'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', meta.name),
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, max-age=3600',
        },
      });
    })
    .post('/:id/media-check', access, reportLimit, validate('json', MediaCheckBodySchema), async (c) => {
      const body = c.req.valid('json');
      const reports = 'reports' in body ? body.reports : [body];
      // Counted per report, however many a request carries (the request counted its first).
      for (const _ of reports.slice(1)) await limits.take('mediaCheckReportsPerIp', ip(c));
      for (const report of reports) await bot.mediaCheck(c.get('meeting').id, report);
      return c.body(null, 204);
    });
}

export type { RoomAccessEnv };
