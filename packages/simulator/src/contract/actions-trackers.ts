import { z } from 'zod';
import { anyObject, answer, bool, created, id, int, listParams, noParams, ok } from './fields.js';
import { page, str, strings } from './fields.js';
import {
  activeHistoryMonth,
  bundle,
  equipment,
  legacyTracker,
  tracker,
} from './objects-trackers.js';
import type { ActionContract } from './types.js';

const trackerId = z.object({ tracker_id: id() });
const month = str().regex(/^\d{4}-\d{2}$/);
/** Reference §4.9 `label`: 1..60 printable characters ([MD]; [SPEC] asks `minLength: 1` of clones). */
const label = str().min(1).max(60);

/** Reference §4.9: the tracker actions. */
export const trackerContracts: Record<string, ActionContract> = {
  'tracker/list': {
    // [SPEC] leaves `clones_filter` and `order_by` untyped (reference §7 `clones-filter`,
    // `list-order-by`).
    request: listParams(str()).extend({
      user_id: id().optional(),
      tariff_id: id().optional(),
      clones_filter: str().optional(),
    }),
    answer: page(tracker),
    legacyAnswer: page(legacyTracker),
  },
  'tracker/read': {
    request: trackerId,
    answer: answer({ value: tracker }),
    legacyAnswer: answer({ value: legacyTracker }),
  },
  'tracker/clone': {
    request: trackerId.extend({ user_id: id(), label }),
    answer: created,
  },
  'tracker/batch_clone': {
    request: z.object({
      user_id: id(),
      tracker_ids: z.array(id()).min(1).max(1000),
      ignore_existing: bool().optional(),
    }),
    // [SPEC]: "Per-tracker outcome", open objects.
    answer: answer({ list: z.array(anyObject()) }),
    // Reference §7 `batch-clone-list`: [MD] lists the new clone IDs, and the skipped sources.
    legacyAnswer: answer({ list: z.array(int()), ignored_trackers: z.array(int()).optional() }),
  },
  'tracker/delete_clone': { request: trackerId, answer: ok },
  'tracker/batch_delete_clones': {
    request: z.object({ trackers: z.array(id()).min(1).max(500) }),
    answer: answer({
      deleted_count: int(),
      not_deleted_count: int(),
      // Reference §4.9: listed only when some tracker was not deleted.
      not_deleted_trackers: z.array(z.looseObject({ id: int(), error: str() })).optional(),
    }),
  },
  'tracker/corrupt': {
    request: trackerId.extend({ corrupt_clones: bool().optional() }),
    answer: ok,
  },
  'tracker/move': {
    request: trackerId.extend({ user_id: id() }),
    // [SPEC]: the ID of the new tracker record the move creates.
    answer: answer({ id: int() }),
    // Reference §7 `tracker-move-id`: the older docs answer `success` alone.
    legacyAnswer: answer({}),
  },
  'tracker/register_retry': {
    request: trackerId.extend({ send_register_commands: bool().optional() }),
    answer: ok,
  },
  'tracker/settings/update': {
    // `comment` (≤3000) is [MD]'s and the [UI]'s, absent from [SPEC] (reference §7).
    request: trackerId.extend({
      label: label.optional(),
      deleted: bool().optional(),
      comment: str().max(3000).optional(),
    }),
    answer: ok,
  },
  'tracker/source/update': {
    request: trackerId.extend({ blocked: bool().optional() }),
    answer: ok,
  },
  'tracker/tariff/change': {
    request: trackerId.extend({ tariff_id: id(), repay: bool(), charge: bool() }),
    answer: ok,
  },
  'tracker/console/connect': {
    request: trackerId,
    answer: answer({ key: str(), timestamp: int() }),
  },
  'tracker/active/history/list': {
    request: z.object({ from: month, to: month }),
    answer: answer({ list: z.array(activeHistoryMonth), users_map: z.looseObject({}) }),
    // Reference §7 `users-map`: only [SPEC] has `users_map`.
    legacyAnswer: answer({ list: z.array(activeHistoryMonth) }),
  },
  'tracker/raw_command/send': {
    request: z.object({
      device_id: str(),
      command: str(),
      // [SPEC] leaves `type` untyped; [MD] names `text` (default) and `hex`, and `reliable`.
      type: z.enum(['text', 'hex']).optional(),
      reliable: bool().optional(),
      // "Sending `tracker_id` instead fails validation."
      tracker_id: z.never().optional(),
    }),
    answer: ok,
  },
};

/** Reference §4.10: the legacy bundle and equipment actions ([MD] only, absent from [SPEC]). */
export const legacyContracts: Record<string, ActionContract> = {
  'tracker/bundle/list': {
    request: listParams(z.enum(['id', 'model_code', 'imei', 'iccid', 'assign_time', 'order_id'])),
    answer: page(bundle),
  },
  'tracker/bundle/read': {
    request: z.object({ imei: str().min(1) }),
    answer: answer({ value: bundle }),
  },
  'tracker/bundle/assign': {
    request: z.object({ bundle_id: id(), iccid: str().min(3).max(20).optional() }),
    answer: ok,
  },
  'tracker/bundle/order/assign': {
    // `order_id: null` detaches the bundle from its order.
    request: z.object({ bundle_id: id(), order_id: id().nullable().optional() }),
    answer: ok,
  },
  'tracker/bundle/import': {
    request: z.object({
      imeis: strings().min(1),
      equip_id: id(),
      factory_preset: bool().optional(),
    }),
    answer: ok,
  },
  'tracker/bundle/update': { request: z.object({ bundle_id: id(), equip_id: id() }), answer: ok },
  'equipment/list': { request: noParams, answer: answer({ list: z.array(equipment) }) },
};
