import { z } from 'zod';
import { done, id, io, listParams, page, up, upObject } from './fields.js';

const sourceShape = {
  id: up.int,
  device_id: up.str,
  model: up.str,
  blocked: up.bool,
  phone: up.str,
  tariff_id: up.int,
  tariff_end_date: up.str,
  connection_status: up.str,
  creation_date: up.str,
  corrupted: up.bool,
};

/** Navixy's tracker (reference §4.2, Appendix A). */
export const trackerUpstream = z.looseObject({
  id: z.number().int(),
  label: up.str,
  group_id: up.int,
  user_id: up.int,
  dealer_id: up.int,
  owner_name: up.str,
  model_name: up.str,
  clone: up.bool,
  deleted: up.bool,
  creation_date: up.str,
  last_connection: up.str,
  comment: up.str,
  avatar_file_name: up.str,
  source: upObject(sourceShape),
});

export type SourceUpstream = z.output<ReturnType<typeof z.looseObject<typeof sourceShape>>>;

/** `clones_filter` as the admin panel sends it (reference §4.1 names the conflict). */
const CLONES_FILTER = ['exclude_clones', 'include_clones_only'] as const;

const trackerId = z.object({ tracker_id: id });
/** Reference §4.9: 1..60 printable characters. */
const label = z.string().min(1).max(60);

export const trackerList = io(
  listParams([
    'id',
    'label',
    'status',
    'model',
    'device_id',
    'phone',
    'creation_date',
    'last_connection',
    'tariff_id',
    'business_status',
  ]).extend({
    user_id: id.optional(),
    tariff_id: id.optional(),
    clones_filter: z.enum(CLONES_FILTER).optional(),
  }),
  page(trackerUpstream),
);
export const trackerRead = io(trackerId, z.looseObject({ value: trackerUpstream }));
export const trackerClone = io(
  trackerId.extend({ user_id: id, label }),
  z.looseObject({ id: z.number().int().positive() }),
);
export const trackerDeleteClone = io(trackerId, done);
export const trackerCorrupt = io(
  trackerId.extend({ corrupt_clones: z.boolean().optional() }),
  done,
);
/**
 * §4.9: [SPEC] answers the new tracker's id, an older text a string id, older docs nothing
 * (a conflict): an id that is not a positive integer is no id, and the caller keeps its own.
 */
export const trackerMove = io(
  trackerId.extend({ user_id: id }),
  z.looseObject({ id: z.coerce.number().int().positive().optional().catch(undefined) }),
);
/** [SPEC]: a boolean or nothing (Navixy then follows its platform setting); never null. */
export const trackerRegisterRetry = io(
  trackerId.extend({ send_register_commands: z.boolean().optional() }),
  done,
);
/**
 * `comment` is [MD]/[UI] only (§7). Loose: a PATCH gives back what it read of the tracker's
 * settings, unmodelled fields too.
 */
export const trackerSettingsUpdate = io(
  z.looseObject({
    tracker_id: id,
    label: label.optional(),
    deleted: z.boolean().optional(),
    comment: z.string().max(3000).optional(),
  }),
  done,
);
/** §3.3: Navixy gates it beyond `trackers: update` as well. */
export const trackerSourceUpdate = io(trackerId.extend({ blocked: z.boolean() }), done);
export const trackerTariffChange = io(
  trackerId.extend({ tariff_id: id, repay: z.boolean(), charge: z.boolean() }),
  done,
);
