import * as v from 'valibot';

/**
 * What the pre-join media check reports, step by step, and the troubleshooting a guest
 * was shown. Sent before the guest has joined (with their invite), so a check id ties
 * the reports to the participant they become.
 */
export const MediaCheckStep = {
  Started: 'started',
  Camera: 'camera',
  Microphone: 'microphone',
  Speaker: 'speaker',
  Network: 'network',
  Finished: 'finished',
} as const;
export type MediaCheckStep = (typeof MediaCheckStep)[keyof typeof MediaCheckStep];

export const MediaCheckOutcome = { Running: 'running', Passed: 'passed', Failed: 'failed', Skipped: 'skipped' } as const;
export type MediaCheckOutcome = (typeof MediaCheckOutcome)[keyof typeof MediaCheckOutcome];

const CheckIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'checkId must be 8-64 url-safe characters'));
const DetailSchema = v.pipe(v.string(), v.maxLength(300, 'detail must be at most 300 characters'));

export const MediaCheckReportSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('step'),
    checkId: CheckIdSchema,
    name: v.optional(v.pipe(v.string(), v.maxLength(60))),
    step: v.picklist(Object.values(MediaCheckStep) as [MediaCheckStep, ...MediaCheckStep[]]),
    outcome: v.picklist(Object.values(MediaCheckOutcome) as [MediaCheckOutcome, ...MediaCheckOutcome[]]),
    detail: v.optional(DetailSchema),
    /** When `detail` is one of the page's own sentences: its key (`check.detail.*`), for the host's language. */
    detailKey: v.optional(v.pipe(v.string(), v.regex(/^check\.detail\.[A-Za-z]{1,40}$/, 'detailKey must be a check.detail key'))),
  }),
  v.strictObject({
    type: v.literal('troubleshooting'),
    checkId: CheckIdSchema,
    name: v.optional(v.pipe(v.string(), v.maxLength(60))),
    /** Which problem (e.g. camera-permission-denied) and for which browser/system the steps were written. */
    problem: v.pipe(v.string(), v.maxLength(60)),
    platform: v.pipe(v.string(), v.maxLength(60)),
    title: v.pipe(v.string(), v.maxLength(200)),
    steps: v.pipe(v.array(v.pipe(v.string(), v.maxLength(300))), v.maxLength(12)),
  }),
]);
export type MediaCheckReport = v.InferOutput<typeof MediaCheckReportSchema>;

/** At most this many reports in one request. */
export const MEDIA_CHECK_BATCH_MAX = 8;

/**
 * What `POST …/media-check` takes: one report, or several in order (`reports`): a page sends the
 * reports of a moment together (a check's start makes four in 10 ms), one request instead of four.
 */
export const MediaCheckBodySchema = v.union([
  MediaCheckReportSchema,
  v.strictObject({
    reports: v.pipe(
      v.array(MediaCheckReportSchema),
      v.minLength(1, 'reports must hold at least one report'),
      v.maxLength(MEDIA_CHECK_BATCH_MAX, `reports can hold at most ${MEDIA_CHECK_BATCH_MAX} reports`),
    ),
  }),
]);
export type MediaCheckBody = v.InferOutput<typeof MediaCheckBodySchema>;

/** Client hints a browser may add to the join (navigator.userAgentData.getHighEntropyValues). */
export const ClientHintsSchema = v.strictObject({
  brands: v.optional(
    v.pipe(
      v.array(v.strictObject({ brand: v.pipe(v.string(), v.maxLength(60)), version: v.pipe(v.string(), v.maxLength(40)) })),
      v.maxLength(10),
    ),
  ),
  mobile: v.optional(v.boolean()),
  platform: v.optional(v.pipe(v.string(), v.maxLength(40))),
  platformVersion: v.optional(v.pipe(v.string(), v.maxLength(40))),
  model: v.optional(v.pipe(v.string(), v.maxLength(60))),
});
export type ClientHints = v.InferOutput<typeof ClientHintsSchema>;
