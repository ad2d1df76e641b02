import { z } from 'zod';
import { defineRoute, type PanelCall } from '../http/routes.js';
import type { PanelRequest } from '../panel/actions.js';
import type { defaultsUpstream } from '../panel/schemas/tariffs.js';
import { orNull, out } from './common.js';
import { mergePatch } from './merge-patch.js';

const defaultsSchema = z
  .object({
    planId: out.int,
    activationBonus: out.num.meta({ description: 'Bonus balance added on registration.' }),
    freeDays: out.int,
    freeDaysDeviceLimit: out.int.meta({ description: 'null: no limit.' }),
  })
  .meta({ id: 'PlanDefaults' });

const planDefaultsSchema = z
  .object({ tracker: defaultsSchema.nullable(), camera: defaultsSchema.nullable() })
  .meta({ id: 'PlanDefaultsByDeviceType' });

const defaultsInput = z
  .strictObject({
    planId: z.number().int().positive(),
    activationBonus: z.number().min(0),
    freeDays: z.number().int().min(0),
    freeDaysDeviceLimit: z.number().int().positive().nullable().optional(),
  })
  .meta({ id: 'PlanDefaultsInput' });

const putSchema = z
  .strictObject({
    tracker: defaultsInput,
    camera: defaultsInput.optional().meta({ description: 'Left unchanged when absent.' }),
  })
  .meta({ id: 'PlanDefaultsReplace' });

const patchSchema = z
  .strictObject({
    tracker: defaultsInput.partial().optional(),
    camera: defaultsInput.partial().optional(),
  })
  .meta({ id: 'PlanDefaultsPatch' });

type Defaults = z.output<typeof defaultsInput>;
type DefaultsRead = z.output<typeof defaultsSchema>;

const FIELD = { tariff_id: 'planId', activation_bonus: 'activationBonus', free_days: 'freeDays' };
const FIELD_NAMES: Record<string, string> = Object.fromEntries(
  ['tracker', 'camera'].flatMap((type): [string, string][] => [
    [type, type],
    [`${type}.free_days_device_limit`, `${type}.freeDaysDeviceLimit`],
    ...Object.entries(FIELD).map(([navixy, client]): [string, string] => [
      `${type}.${navixy}`,
      `${type}.${client}`,
    ]),
  ]),
);

function toDefaults(d: z.output<typeof defaultsUpstream> | null | undefined): DefaultsRead | null {
  if (!d) return null;
  return {
    planId: orNull(d.tariff_id),
    activationBonus: orNull(d.activation_bonus),
    freeDays: orNull(d.free_days),
    freeDaysDeviceLimit: orNull(d.free_days_device_limit),
  };
}

function toNavixy(d: Defaults): PanelRequest<'tariff/defaults/update'>['tracker'] {
  return {
    tariff_id: d.planId,
    activation_bonus: d.activationBonus,
    free_days: d.freeDays,
    ...(d.freeDaysDeviceLimit ? { free_days_device_limit: d.freeDaysDeviceLimit } : {}),
  };
}

async function readDefaults(panel: PanelCall) {
  const upstream = await panel('tariff/defaults/read');
  return { tracker: toDefaults(upstream.tracker), camera: toDefaults(upstream.camera) };
}

async function writeDefaults(panel: PanelCall, body: { tracker: Defaults; camera?: Defaults }) {
  await panel('tariff/defaults/update', {
    tracker: toNavixy(body.tracker),
    ...(body.camera ? { camera: toNavixy(body.camera) } : {}),
  });
  return readDefaults(panel);
}

/** Read defaults → editable; a device type Navixy has no plan for stays out of the write. */
function editable(d: DefaultsRead | null): Defaults | undefined {
  if (!d || d.planId === null) return undefined;
  return {
    planId: d.planId,
    activationBonus: d.activationBonus ?? 0,
    freeDays: d.freeDays ?? 0,
    freeDaysDeviceLimit: d.freeDaysDeviceLimit,
  };
}

const ERRORS =
  '404 `PLAN_NOT_FOUND` when the plan does not exist, 400 `INVALID_PLAN` when it is for another device type.';

export const planDefaultsRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/plans/defaults',
    operationId: 'getPlanDefaults',
    summary: 'The plan, bonus and free days a newly registered device gets, per device type',
    tag: 'Plans',
    actions: ['tariff/defaults/read'],
    response: { description: 'The defaults.', schema: planDefaultsSchema },
    handle: ({ panel }) => readDefaults(panel),
  }),
  defineRoute({
    method: 'put',
    path: '/v1/plans/defaults',
    operationId: 'replacePlanDefaults',
    summary: 'Replace the plan defaults',
    description: `Each device type given is replaced whole. ${ERRORS}`,
    tag: 'Plans',
    actions: ['tariff/defaults/update', 'tariff/defaults/read'],
    body: putSchema,
    response: { description: 'The defaults as stored.', schema: planDefaultsSchema },
    errors: [404],
    fieldNames: FIELD_NAMES,
    handle: ({ body, panel, lock }) => lock('plan-defaults', () => writeDefaults(panel, body)),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/plans/defaults',
    operationId: 'updatePlanDefaults',
    summary: 'Change some plan defaults',
    description:
      'A JSON merge patch (RFC 7396), read, merged and written under a lock shared by all gateway ' +
      `instances, so untouched fields keep their values. ${ERRORS}`,
    tag: 'Plans',
    actions: ['tariff/defaults/read', 'tariff/defaults/update'],
    body: patchSchema,
    response: { description: 'The defaults as stored.', schema: planDefaultsSchema },
    errors: [404],
    fieldNames: FIELD_NAMES,
    async handle({ body, panel, lock }) {
      return lock('plan-defaults', async () => {
        const current = await readDefaults(panel);
        const merge = (d: DefaultsRead | null, patch: object | undefined) => {
          const base = editable(d);
          if (!patch) return base;
          // A device type without defaults yet takes a patch that is a whole record.
          if (!base) return defaultsInput.safeParse(patch).data;
          return mergePatch(base, patch as Record<string, unknown>);
        };
        const tracker = merge(current.tracker, body.tracker);
        const camera = merge(current.camera, body.camera);
        if (!tracker) return current;
        return writeDefaults(panel, { tracker, ...(camera ? { camera } : {}) });
      });
    },
  }),
];
