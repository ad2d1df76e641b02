import { z } from 'zod';
import { done, id, io } from './fields.js';

/** Reference §4.9: the batch, console, command and activity actions. */
const ids = z.array(id).min(1);

/** [MD] answer (§4.9); [SPEC]'s per-tracker outcome objects are not described. */
export const trackerBatchClone = io(
  z.object({ user_id: id, tracker_ids: ids.max(1000), ignore_existing: z.boolean().optional() }),
  z.looseObject({
    list: z.array(z.number().int()).default([]),
    ignored_trackers: z.array(z.number().int()).default([]),
  }),
);
/** Succeeds even when some fail; the failures are in the body, not an error (§5.10). */
export const trackerBatchDeleteClones = io(
  z.object({ trackers: ids.max(500) }),
  z.looseObject({
    deleted_count: z.number().int(),
    not_deleted_count: z.number().int().optional(),
    not_deleted_trackers: z
      .array(z.looseObject({ id: z.number().int(), error: z.string() }))
      .default([]),
  }),
);
/** The key opens the device's WebSocket console (40 hex characters, §4.9). */
export const trackerConsoleConnect = io(
  z.object({ tracker_id: id }),
  z.looseObject({ key: z.string(), timestamp: z.number().int() }),
);
const activeTracker = z.looseObject({
  tracker_id: z.number().int(),
  user_id: z.number().int().nullish(),
  label: z.string().nullish(),
  device_id: z.string().nullish(),
});
/** `from`/`to` are months, `YYYY-MM` (§1.6); `users_map` is unspecified in [SPEC]. */
export const trackerActiveHistory = io(
  z.object({
    from: z.string().regex(/^\d{4}-\d{2}$/),
    to: z.string().regex(/^\d{4}-\d{2}$/),
  }),
  z.looseObject({
    list: z.array(
      z.looseObject({
        month: z.string(),
        amount: z.number().int(),
        trackers: z.array(activeTracker).default([]),
      }),
    ),
  }),
);
/** §4.9: the device is named by `device_id`, never `tracker_id`. */
export const trackerRawCommand = io(
  z.object({
    device_id: z.string().min(1),
    command: z.string().min(1),
    type: z.enum(['text', 'hex']).optional(),
    reliable: z.boolean().optional(),
  }),
  done,
);
