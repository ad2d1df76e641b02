import { z } from 'zod';
import { defineRoute } from '../../routing/route-spec.js';
import { GatewayError, ValidationError } from '../../problems/gateway-error.js';
import { camelize } from '../shared/camelize.js';
import { byIdParams, out } from '../shared/common.js';
import { idsOf } from './ops.mapping.js';
import { readTracker } from './write.routes.js';

const anyObject = z.record(z.string(), z.unknown());

const tag = 'Trackers';
const ids = (max: number) => z.array(z.number().int().positive()).min(1).max(max);

export const trackerOpsRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/tracker-clones',
    operationId: 'cloneTrackers',
    summary: 'Clone up to 1000 trackers to one user',
    description:
      'All or nothing unless `ignoreExisting`: then trackers the user already has a clone of are skipped.',
    tag,
    actions: ['tracker/batch_clone'],
    body: z.strictObject({
      userId: z.number().int().positive(),
      trackerIds: ids(1000),
      ignoreExisting: z.boolean().optional().meta({ description: 'Navixy\u2019s default: false.' }),
    }),
    status: 201,
    response: {
      description: 'The new clones and the skipped trackers.',
      schema: z.object({
        cloneIds: z.array(z.number().int()),
        skippedTrackerIds: z.array(z.number().int()),
        outcomes: z.array(anyObject).meta({
          description:
            'One object per tracker, as newer Navixy answers describe each outcome (camelCase keys); empty when Navixy answered ids only.',
        }),
      }),
    },
    errors: [404, 409],
    fieldNames: { user_id: 'userId', tracker_ids: 'trackerIds', ignore_existing: 'ignoreExisting' },
    async handle({ body, panel }) {
      const result = await panel('tracker/batch_clone', {
        user_id: body.userId,
        tracker_ids: body.trackerIds,
        ...(body.ignoreExisting === undefined ? {} : { ignore_existing: body.ignoreExisting }),
      });
      const list = result.list ?? [];
      return {
        cloneIds: idsOf(list),
        skippedTrackerIds: idsOf(result.ignored_trackers),
        outcomes: list.filter((e) => typeof e === 'object').map((e) => camelize(e) as object),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/tracker-clones/deletions',
    operationId: 'deleteTrackerClones',
    summary: 'Delete up to 500 clones',
    description: 'Succeeds even when some cannot be deleted: those are listed with the reason.',
    tag,
    actions: ['tracker/batch_delete_clones'],
    body: z.strictObject({ trackerIds: ids(500) }),
    response: {
      description: 'What was deleted.',
      schema: z.object({
        deletedCount: out.int.meta({ description: 'null: Navixy did not say.' }),
        notDeletedCount: out.int,
        notDeleted: z.array(z.object({ id: z.number().int(), reason: out.str })),
      }),
    },
    fieldNames: { trackers: 'trackerIds' },
    async handle({ body, panel }) {
      const result = await panel('tracker/batch_delete_clones', { trackers: body.trackerIds });
      const notDeleted = result.not_deleted_trackers ?? [];
      return {
        deletedCount: result.deleted_count ?? null,
        notDeletedCount: result.not_deleted_count ?? null,
        notDeleted: notDeleted.map((t) => ({ id: t.id, reason: t.error ?? null })),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/trackers/{id}/registration-retries',
    operationId: 'retryTrackerRegistration',
    summary: 'Send the registration commands again and reset the tracking settings',
    description: 'At most once per 120 s per tracker (429 RETRY_TOO_SOON otherwise).',
    tag,
    actions: ['tracker/register_retry'],
    params: byIdParams,
    body: z.strictObject({
      sendRegisterCommands: z.boolean().nullable().optional().meta({
        description: 'Send the commands by SMS/GPRS; null or absent: as the platform is set.',
      }),
    }),
    status: 204,
    response: { description: 'Done.' },
    errors: [404, 409],
    async handle({ params, body, panel }) {
      // [SPEC] takes a boolean or nothing, never null: nothing means the platform setting.
      const send = body.sendRegisterCommands;
      await panel('tracker/register_retry', {
        tracker_id: params.id,
        ...(send === null || send === undefined ? {} : { send_register_commands: send }),
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/trackers/{id}/console-sessions',
    operationId: 'openTrackerConsole',
    summary: 'A key to open the tracker\u2019s live console (WebSocket)',
    description:
      'Open `wss://{panel host}/console?device=<deviceId>&key=<key>&timestamp=<timestamp>&dealer_id=<dealer id>`.',
    tag,
    actions: ['tracker/console/connect', 'tracker/read'],
    params: byIdParams,
    status: 201,
    response: {
      description: 'The console key.',
      schema: z.object({
        deviceId: z.string().nullable(),
        key: z.string(),
        timestamp: z.number().int(),
      }),
    },
    errors: [404, 409],
    async handle({ params, panel }) {
      const tracker = await readTracker(panel, params.id);
      const { key, timestamp } = await panel('tracker/console/connect', { tracker_id: params.id });
      return { deviceId: tracker.source?.deviceId ?? null, key, timestamp };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/trackers/{id}/commands',
    operationId: 'sendTrackerCommand',
    summary: 'Send a raw command to the tracker\u2019s device',
    tag,
    actions: ['tracker/read', 'tracker/raw_command/send'],
    params: byIdParams,
    body: z.strictObject({
      command: z.string().min(1).max(1000),
      type: z
        .enum(['text', 'hex'])
        .optional()
        .meta({ description: 'Navixy\u2019s default: text.' }),
      reliable: z.boolean().optional().meta({
        description: 'Resend until the device acknowledges it (Navixy\u2019s default: true).',
      }),
    }),
    status: 202,
    response: {
      description: 'Accepted for delivery.',
      schema: z.object({ accepted: z.literal(true) }),
    },
    errors: [404, 409],
    fieldNames: { command: 'command', type: 'type', reliable: 'reliable' },
    async handle({ params, body, panel }) {
      // Navixy addresses the device by its device id, not the tracker id (reference §4.9).
      const deviceId = (await readTracker(panel, params.id)).source?.deviceId;
      if (!deviceId)
        throw new GatewayError('NOT_FOUND', {
          detail: 'The tracker has no device.',
        });
      await panel('tracker/raw_command/send', {
        device_id: deviceId,
        command: body.command,
        ...(body.type === undefined ? {} : { type: body.type }),
        ...(body.reliable === undefined ? {} : { reliable: body.reliable }),
      });
      return { accepted: true };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/tracker-activity',
    operationId: 'listTrackerActivity',
    summary: 'Trackers counted active by PaaS billing, month by month',
    tag,
    actions: ['tracker/active/history/list'],
    query: z.strictObject({
      from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM'),
      to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM'),
    }),
    response: {
      description: 'One entry per month.',
      schema: z.object({
        items: z.array(
          z.object({
            month: z.string(),
            amount: out.int,
            trackers: z.array(
              z.object({
                trackerId: z.number().int(),
                userId: z.number().int().nullable(),
                label: z.string().nullable(),
                deviceId: z.string().nullable(),
              }),
            ),
          }),
        ),
        users: z.record(z.string(), z.unknown()).meta({
          description:
            'The owners of the trackers by user id, as Navixy describes them (camelCase keys; newer answers only, else empty).',
        }),
      }),
    },
    fieldNames: { from: 'from', to: 'to' },
    async handle({ query, panel }) {
      if (query.from > query.to)
        throw new ValidationError([
          { in: 'query', name: 'to', message: 'must not be before from' },
        ]);
      const { list, users_map: users } = await panel('tracker/active/history/list', {
        from: query.from,
        to: query.to,
      });
      return {
        users: Object.fromEntries(Object.entries(users ?? {}).map(([id, u]) => [id, camelize(u)])),
        items: (list ?? []).map((m) => ({
          month: m.month,
          amount: m.amount ?? null,
          trackers: (m.trackers ?? []).map((t) => ({
            trackerId: t.tracker_id,
            userId: t.user_id ?? null,
            label: t.label ?? null,
            deviceId: t.device_id ?? null,
          })),
        })),
      };
    },
  }),
];
