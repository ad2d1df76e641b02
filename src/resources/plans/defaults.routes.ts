import { z } from 'zod';
import { defineRoute, type PanelCall } from '../../routing/route-spec.js';
import { ValidationError } from '../../problems/gateway-error.js';
import { PANEL_ACTIONS, type PanelRequest } from '../../panel/actions.js';
import type { defaultsUpstream } from '../../panel/schemas/tariffs.js';
import { orNull, out } from '../shared/common.js';
import { mergePatch } from '../shared/merge-patch.js';
import { asRecord, dropRefusedNulls, type Raw } from '../shared/raw-write.js';

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

/** Client names → Navixy's, for the fields `d` has (a whole record or a patch). */
function toNavixy(d: Partial<Defaults>): Raw {
  const write: Raw = {};
  if (d.planId !== undefined) write.tariff_id = d.planId;
  if (d.activationBonus !== undefined) write.activation_bonus = d.activationBonus;
  if (d.freeDays !== undefined) write.free_days = d.freeDays;
  if (d.freeDaysDeviceLimit !== undefined) write.free_days_device_limit = d.freeDaysDeviceLimit;
  return write;
}

async function readDefaults(panel: PanelCall) {
  const upstream = await panel('tariff/defaults/read');
  return { tracker: toDefaults(upstream.tracker), camera: toDefaults(upstream.camera) };
}

/**
 * `tariff/defaults/update` with `write`, the device types it does not name given back as Navixy
 * answered them (a camera, a device type this gateway does not know): [MD]/[UI] send every one.
 */
async function writeDefaults(panel: PanelCall, read: Raw, write: Raw) {
  const params = dropRefusedNulls(
    { ...read, ...write },
    PANEL_ACTIONS['tariff/defaults/update'].request,
  );
  await panel('tariff/defaults/update', params as PanelRequest<'tariff/defaults/update'>);
  return readDefaults(panel);
}

/** The device types `tariff/defaults/read` answered, each as Navixy sent it. */
async function readRaw(panel: PanelCall): Promise<Raw> {
  const { raw } = await panel.withRaw('tariff/defaults/read');
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => isRecord(value)));
}

const isRecord = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A patch of one device type merged into its defaults as read; none yet takes a whole record. */
function mergeDefaults(type: string, read: unknown, patch: Partial<Defaults>): Raw {
  if (isRecord(read)) return mergePatch(asRecord(read), toNavixy(patch));
  const whole = defaultsInput.safeParse(patch);
  if (!whole.success) {
    throw new ValidationError(
      whole.error.issues.map((issue) => ({
        in: 'body',
        name: [type, ...issue.path].join('.'),
        message: `${issue.message} (Navixy has no ${type} defaults yet: give them whole)`,
      })),
    );
  }
  return toNavixy(whole.data);
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
    description:
      'Each device type given is replaced whole; the others keep their defaults as Navixy ' +
      `answered them. ${ERRORS}`,
    tag: 'Plans',
    actions: ['tariff/defaults/update', 'tariff/defaults/read'],
    body: putSchema,
    response: { description: 'The defaults as stored.', schema: planDefaultsSchema },
    errors: [404],
    fieldNames: FIELD_NAMES,
    handle: ({ body, panel, lock }) =>
      lock('plan-defaults', async () => {
        const write: Raw = { tracker: toNavixy(body.tracker) };
        if (body.camera) write.camera = toNavixy(body.camera);
        return writeDefaults(panel, await readRaw(panel), write);
      }),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/plans/defaults',
    operationId: 'updatePlanDefaults',
    summary: 'Change some plan defaults',
    description:
      'A JSON merge patch (RFC 7396), merged into the defaults as Navixy returned them and written ' +
      'back under a lock shared by all gateway instances: untouched fields and device types go ' +
      `back exactly as read. ${ERRORS}`,
    tag: 'Plans',
    actions: ['tariff/defaults/read', 'tariff/defaults/update'],
    body: patchSchema,
    response: { description: 'The defaults as stored.', schema: planDefaultsSchema },
    errors: [404],
    fieldNames: FIELD_NAMES,
    async handle({ body, panel, lock }) {
      return lock('plan-defaults', async () => {
        const read = await readRaw(panel);
        const write: Raw = {};
        for (const type of ['tracker', 'camera'] as const) {
          const patch = body[type];
          if (patch) write[type] = mergeDefaults(type, read[type], patch);
        }
        // Navixy's update needs the tracker defaults (§4.7): with none to give, nothing is written.
        if (!isRecord(read.tracker) && !write.tracker) return readDefaults(panel);
        return writeDefaults(panel, read, write);
      });
    },
  }),
];
