import { z } from 'zod';
import { defineRoute } from '../http/routes.js';
import { GatewayError, ValidationError } from '../errors.js';
import { byIdParams } from './common.js';
import { readTracker } from './trackers.write.routes.js';

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
      ignoreExisting: z.boolean().default(false),
    }),
    status: 201,
    response: {
      description: 'The new clones and the skipped trackers.',
      schema: z.object({
        cloneIds: z.array(z.number().int()),
        skippedTrackerIds: z.array(z.number().int()),
      }),
    },
    errors: [404, 409],
    fieldNames: { user_id: 'userId', tracker_ids: 'trackerIds', ignore_existing: 'ignoreExisting' },
    async handle({ body, panel }) {
      const result = await panel('tracker/batch_clone', {
        user_id: body.userId,
        tracker_ids: body.trackerIds,
        ignore_existing: body.ignoreExisting,
      });
      return { cloneIds: result.list, skippedTrackerIds: result.ignored_trackers };
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
        deletedCount: z.number().int(),
        notDeleted: z.array(z.object({ id: z.number().int(), reason: z.string() })),
      }),
    },
    fieldNames: { trackers: 'trackerIds' },
    async handle({ body, panel }) {
      const result = await panel('tracker/batch_delete_clones', { trackers: body.trackerIds });
      return {
        deletedCount: result.deleted_count,
        notDeleted: result.not_deleted_trackers.map((t) => ({ id: t.id, reason: t.error })),
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
    body: z.strictObject({ sendRegisterCommands: z.boolean().nullable().default(null) }),
    status: 204,
    response: { description: 'Done.' },
    errors: [404, 409],
    async handle({ params, body, panel }) {
      await panel('tracker/register_retry', {
        tracker_id: params.id,
        send_register_commands: body.sendRegisterCommands,
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
      type: z.enum(['text', 'hex']).default('text'),
      reliable: z
        .boolean()
        .default(true)
        .meta({ description: 'Resend until the device acknowledges it.' }),
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
        throw new GatewayError('NOT_FOUND', 404, 'Not found', {
          detail: 'The tracker has no device.',
        });
      await panel('tracker/raw_command/send', {
        device_id: deviceId,
        command: body.command,
        type: body.type,
        reliable: body.reliable,
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
            amount: z.number().int(),
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
      }),
    },
    fieldNames: { from: 'from', to: 'to' },
    async handle({ query, panel }) {
      if (query.from > query.to)
        throw new ValidationError([
          { in: 'query', name: 'to', message: 'must not be before from' },
        ]);
      const { list } = await panel('tracker/active/history/list', {
        from: query.from,
        to: query.to,
      });
      return {
        items: list.map((m) => ({
          month: m.month,
          amount: m.amount,
          trackers: m.trackers.map((t) => ({
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
