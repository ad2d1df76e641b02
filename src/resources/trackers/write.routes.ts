import { z } from 'zod';
import { defineRoute, type PanelCall } from '../../routing/route-spec.js';
import { ValidationError } from '../../problems/gateway-error.js';
import { byIdParams } from '../shared/common.js';
import { asRecord } from '../shared/raw-write.js';
import { settingsFromRead } from './patch.js';
import { toTracker, trackerSchema } from './mapping.js';

const tag = 'Trackers';
/** Reference §4.9: 1..60 printable characters, no angle brackets. */
const label = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[^<>\p{Cc}]*$/u, 'printable, without < or >');

export async function readTracker(panel: PanelCall, id: number) {
  return toTracker((await panel('tracker/read', { tracker_id: id })).value);
}

const trackerPatch = z
  .strictObject({
    label: label.optional(),
    hidden: z
      .boolean()
      .optional()
      .meta({ description: 'Hidden from the user\u2019s interface (Navixy `deleted`).' }),
    comment: z.string().max(3000).optional(),
    blocked: z
      .boolean()
      .optional()
      .meta({ description: 'Block the device (Navixy tracker/source/update).' }),
  })
  .meta({ id: 'TrackerPatch' });

export const trackerWriteRoutes = [
  defineRoute({
    method: 'patch',
    path: '/v1/trackers/{id}',
    operationId: 'updateTracker',
    summary: 'Change a tracker\u2019s label, visibility, comment or block state',
    description:
      'Label, visibility and comment go through tracker/settings/update, merged into the tracker ' +
      'as Navixy returned it under a lock shared by all gateway instances, so settings not named ' +
      'go back exactly as read; `blocked` goes through tracker/source/update.',
    tag,
    actions: ['tracker/read', 'tracker/settings/update', 'tracker/source/update'],
    params: byIdParams,
    body: trackerPatch,
    response: { description: 'The tracker as stored.', schema: trackerSchema },
    errors: [404, 409],
    fieldNames: { label: 'label', deleted: 'hidden', comment: 'comment', blocked: 'blocked' },
    handle: ({ params, body, panel, lock }) =>
      lock(`tracker:${params.id}`, async () => {
        const { raw } = await panel.withRaw('tracker/read', { tracker_id: params.id });
        const { blocked, ...settings } = body;
        if (Object.keys(settings).length > 0) {
          await panel(
            'tracker/settings/update',
            settingsFromRead(asRecord(raw.value), settings, params.id),
          );
        }
        if (blocked !== undefined)
          await panel('tracker/source/update', { tracker_id: params.id, blocked });
        return readTracker(panel, params.id);
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/trackers/{id}/clones',
    operationId: 'cloneTracker',
    summary: 'Clone a tracker to another user',
    tag,
    actions: ['tracker/clone', 'tracker/read'],
    params: byIdParams,
    body: z.strictObject({ userId: z.number().int().positive(), label }),
    status: 201,
    response: { description: 'The clone.', schema: trackerSchema },
    errors: [404, 409],
    fieldNames: { user_id: 'userId', label: 'label' },
    async handle({ params, body, panel }) {
      const { id } = await panel('tracker/clone', {
        tracker_id: params.id,
        user_id: body.userId,
        label: body.label,
      });
      return readTracker(panel, id);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/trackers/{id}',
    operationId: 'deleteTrackerClone',
    summary: 'Delete a clone',
    description:
      'Only clones can be deleted (403 CLONES_ONLY otherwise); see /corruption for the device itself.',
    tag,
    actions: ['tracker/delete_clone'],
    params: byIdParams,
    status: 204,
    response: { description: 'The clone is deleted.' },
    errors: [404, 409],
    async handle({ params, panel }) {
      await panel('tracker/delete_clone', { tracker_id: params.id });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/trackers/{id}/corruption',
    operationId: 'corruptTracker',
    summary: 'Irreversibly delete a tracker and corrupt its device',
    description:
      'Navixy\u2019s tracker/corrupt marks the tracker deleted and corrupts its device id and phone. ' +
      'It cannot be undone, so the body must repeat the tracker\u2019s id.',
    tag,
    actions: ['tracker/corrupt'],
    params: byIdParams,
    body: z.strictObject({
      confirmTrackerId: z
        .number()
        .int()
        .positive()
        .meta({ description: 'The tracker\u2019s id again.' }),
      corruptClones: z
        .boolean()
        .optional()
        .meta({ description: 'Also corrupt its clones (Navixy\u2019s default: true).' }),
    }),
    status: 204,
    response: { description: 'The tracker is corrupted.' },
    errors: [404, 409],
    async handle({ params, body, panel }) {
      if (body.confirmTrackerId !== params.id) {
        throw new ValidationError([
          {
            in: 'body',
            name: 'confirmTrackerId',
            message: 'must equal the tracker id in the path',
          },
        ]);
      }
      await panel('tracker/corrupt', {
        tracker_id: params.id,
        ...(body.corruptClones === undefined ? {} : { corrupt_clones: body.corruptClones }),
      });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/trackers/{id}/owner',
    operationId: 'moveTracker',
    summary: 'Give a tracker to another user of the dealer',
    description:
      'Unbinds it from all rules. Navixy may give the tracker a new id: the answer is the tracker under its id now.',
    tag,
    actions: ['tracker/move', 'tracker/read'],
    params: byIdParams,
    body: z.strictObject({ userId: z.number().int().positive() }),
    response: { description: 'The tracker with its new owner.', schema: trackerSchema },
    errors: [404, 409],
    fieldNames: { user_id: 'userId' },
    async handle({ params, body, panel }) {
      const moved = await panel('tracker/move', { tracker_id: params.id, user_id: body.userId });
      // Reference §5.7: moving may give the tracker a new id; without one it keeps its own.
      return readTracker(panel, moved.id ?? params.id);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/trackers/{id}/plan',
    operationId: 'changeTrackerPlan',
    summary: 'Move a tracker to another plan',
    description:
      'May write a balance transaction (refund of the current plan, charge of the new one).',
    tag,
    actions: ['tracker/tariff/change', 'tracker/read'],
    params: byIdParams,
    body: z.strictObject({
      planId: z.number().int().positive(),
      repay: z.boolean().meta({ description: 'Refund the rest of the current plan.' }),
      charge: z.boolean().meta({ description: 'Charge the new plan now.' }),
    }),
    response: { description: 'The tracker on its new plan.', schema: trackerSchema },
    errors: [404, 409],
    fieldNames: { tariff_id: 'planId', repay: 'repay', charge: 'charge' },
    async handle({ params, body, panel }) {
      await panel('tracker/tariff/change', {
        tracker_id: params.id,
        tariff_id: body.planId,
        repay: body.repay,
        charge: body.charge,
      });
      return readTracker(panel, params.id);
    },
  }),
];
