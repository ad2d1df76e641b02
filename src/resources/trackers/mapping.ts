import { z } from 'zod';
import type { SourceUpstream, trackerUpstream } from '../../panel/schemas/trackers.js';
import { isoDate, isoDateTime, openEnum, orNull, out } from '../shared/common.js';

const connectionStatuses = [
  'signal_lost',
  'just_registered',
  'just_replaced',
  'offline',
  'idle',
  'active',
] as const;

const trackerSource = z
  .object({
    id: out.int,
    deviceId: out.str.meta({ description: 'IMEI or other hardware id.' }),
    model: out.str.meta({ description: 'Model code, e.g. telfmb120.' }),
    blocked: out.bool,
    phone: out.str,
    planId: out.int,
    planEndDate: out.date,
    connectionStatus: openEnum(connectionStatuses),
    creationDate: out.date,
    corrupted: z.boolean(),
  })
  .meta({ id: 'TrackerSource', description: 'The device behind a tracker.' });

export const trackerSchema = z
  .object({
    id: z.number().int(),
    label: out.str,
    groupId: out.int.meta({ description: '0 when the tracker is in no group.' }),
    userId: out.int,
    dealerId: out.int,
    ownerName: out.str,
    modelName: out.str,
    clone: out.bool,
    deleted: out.bool,
    creationDate: out.date,
    lastConnection: out.dateTime,
    comment: out.str,
    avatarFileName: out.str,
    source: trackerSource.nullable(),
  })
  .meta({ id: 'Tracker', description: 'A tracker (device) of one of the dealer\u2019s users.' });

type TrackerUpstream = z.infer<typeof trackerUpstream>;

function toSource(s: SourceUpstream | null | undefined) {
  if (!s) return null;
  return {
    id: orNull(s.id),
    deviceId: orNull(s.device_id),
    model: orNull(s.model),
    blocked: orNull(s.blocked),
    phone: orNull(s.phone),
    planId: orNull(s.tariff_id),
    planEndDate: isoDate(s.tariff_end_date),
    connectionStatus: orNull(s.connection_status),
    creationDate: isoDate(s.creation_date),
    // Navixy sends `corrupted` only when true (reference §4.2).
    corrupted: s.corrupted ?? false,
  };
}

export function toTracker(t: TrackerUpstream): z.infer<typeof trackerSchema> {
  return {
    id: t.id,
    label: orNull(t.label),
    groupId: orNull(t.group_id),
    userId: orNull(t.user_id),
    dealerId: orNull(t.dealer_id),
    ownerName: orNull(t.owner_name),
    modelName: orNull(t.model_name),
    clone: orNull(t.clone),
    deleted: orNull(t.deleted),
    creationDate: isoDate(t.creation_date),
    lastConnection: isoDateTime(t.last_connection),
    comment: orNull(t.comment),
    avatarFileName: orNull(t.avatar_file_name),
    source: toSource(t.source),
  };
}
