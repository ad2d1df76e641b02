import { z } from 'zod';
import { anyObject, done, id, io, up, upList } from './fields.js';

/** Reference §4.9: the batch, console, command and activity actions. */
const ids = z.array(id).min(1);

/**
 * [MD]: `list` holds the new clones' ids and `ignored_trackers` the skipped trackers' ids;
 * [SPEC]: `list` holds one outcome object per tracker, shape unspecified (§7). Both read.
 */
const idOrOutcome = z.union([z.number().int(), z.looseObject({})]);
export const trackerBatchClone = io(
  z.object({ user_id: id, tracker_ids: ids.max(1000), ignore_existing: z.boolean().optional() }),
  z.looseObject({ list: upList(idOrOutcome), ignored_trackers: upList(idOrOutcome) }),
);
/** Succeeds even when some fail; the failures are in the body, not an error (§5.10). */
export const trackerBatchDeleteClones = io(
  z.object({ trackers: ids.max(500) }),
  z.looseObject({
    deleted_count: up.int,
    not_deleted_count: up.int,
    not_deleted_trackers: upList(z.looseObject({ id: z.number().int(), error: up.str })),
  }),
);
/** The key opens the device's WebSocket console (40 hex characters, §4.9). */
export const trackerConsoleConnect = io(
  z.object({ tracker_id: id }),
  z.looseObject({ key: z.string(), timestamp: z.number().int() }),
);
const activeTracker = z.looseObject({
  tracker_id: z.number().int(),
  user_id: up.int,
  label: up.str,
  device_id: up.str,
});
/** `from`/`to` are months, `YYYY-MM` (§1.6); `users_map`'s entries are unspecified in [SPEC]. */
export const trackerActiveHistory = io(
  z.object({
    from: z.string().regex(/^\d{4}-\d{2}$/),
    to: z.string().regex(/^\d{4}-\d{2}$/),
  }),
  z.looseObject({
    list: upList(
      z.looseObject({ month: z.string(), amount: up.int, trackers: upList(activeTracker) }),
    ),
    users_map: anyObject.nullish(),
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
