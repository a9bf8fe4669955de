import type { Context } from 'hono';
import * as v from 'valibot';
import { DEVICE_ID_HEADER, DeviceIdSchema } from '../../shared/api/host-controls.ts';

/** The browser's device id (`X-Device-Id`), or null when absent or malformed. */
export function deviceIdOf(c: Context): string | null {
  const raw = c.req.header(DEVICE_ID_HEADER) ?? '';
  return v.is(DeviceIdSchema, raw) ? raw : null;
}
