import { PanelError } from '../errors.js';
import { RawJson } from '../json.js';
import { listBody, readListQuery, runList } from '../lists.js';
import type { ListSpec } from '../lists.js';
import type { DeviceType, Plan } from '../model.js';
import { ParamReader } from '../params.js';
import { planJson, servicePricesView } from '../shape-views.js';
import { nextPlanId, putPlan } from '../state/dealer-extras.js';
import type { DealerData, SimulatorStore } from '../store.js';
import { DEVICE_TYPES, readPlanFields } from './plan-form.js';
import type { PlanFields } from './plan-form.js';
import { tariffDefaultsActions } from './tariff-defaults.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.7 `tariff/list`: `order_by` values and the fields `filter` matches. */
const PLAN_LIST: ListSpec<Plan> = {
  orderBy: {
    id: (p) => p.id,
    name: (p) => p.name,
    device_type: (p) => p.device_type,
    group_id: (p) => p.group_id,
    price: (p) => p.price,
  },
  id: (p) => p.id,
  searchFields: (p) => [p.id, p.name, p.price, p.device_type],
};

/** Reference §4.7: a plan of another dealer answers 201, like a missing one (§5.5). */
function findPlan(dealer: DealerData, planId: number): Plan {
  const plan = dealer.plans.get(planId);
  if (plan === undefined) throw new PanelError(201);
  return plan;
}

/**
 * Reference §4.7 errors: 214 when the device type does not support the plan type ([SPEC]:
 * `activeday` is for trackers only), 244 when another plan of the dealer has the same name
 * (compared ignoring case and surrounding spaces: the reference does not say).
 */
function checkPlan(dealer: DealerData, fields: PlanFields, deviceType: DeviceType, id?: number) {
  if (fields.type === 'activeday' && deviceType !== 'tracker') throw new PanelError(214);
  const name = fields.name.trim().toLowerCase();
  for (const plan of dealer.plans.values()) {
    if (plan.id !== id && plan.name.trim().toLowerCase() === name) throw new PanelError(244);
  }
}

/** [SPEC] PlanDraft: no field is required; `device_type` defaults to `tracker` here. */
function createPlan(store: SimulatorStore, dealer: DealerData, reader: ParamReader): number {
  const form = reader.object('tariff', { required: true });
  const id = nextPlanId(dealer, store.otherDealers(dealer.dealer.id));
  const fields = form === undefined ? undefined : readPlanFields(form, id);
  const deviceType = form?.oneOf('device_type', DEVICE_TYPES) ?? 'tracker';
  reader.check();
  if (fields === undefined) throw new PanelError(7);
  checkPlan(dealer, fields, deviceType);
  putPlan(dealer, { id, ...fields, device_type: deviceType });
  return id;
}

/** Reference §4.7 `tariff/update`: the whole plan is replaced; `device_type` cannot change. */
function updatePlan(dealer: DealerData, reader: ParamReader): void {
  const form = reader.object('tariff', { required: true });
  const id = form?.int('id', { required: true });
  const fields = form === undefined || id === undefined ? undefined : readPlanFields(form, id);
  reader.check();
  if (fields === undefined || id === undefined) throw new PanelError(7);
  const current = findPlan(dealer, id);
  checkPlan(dealer, fields, current.device_type, id);
  putPlan(dealer, { id, ...fields, device_type: current.device_type });
}

/** Reference §4.7: the plan actions. */
export const tariffActions: readonly ActionDefinition[] = [
  {
    name: 'tariff/list',
    permissions: [['tariffs', 'read']],
    handle({ params, dealer, shapes }) {
      const reader = new ParamReader(params);
      const query = readListQuery(reader, PLAN_LIST);
      const deviceType = reader.oneOf('device_type', DEVICE_TYPES);
      reader.check();
      const keep = deviceType === undefined ? undefined : (p: Plan) => p.device_type === deviceType;
      const { page, count } = runList([...dealer.plans.values()], PLAN_LIST, query, keep);
      // §4.7: what the dealer itself pays, from its PaaS plan; not part of any plan.
      const prices = servicePricesView(dealer.dealer.tariff.service_prices, shapes);
      const wholesale = JSON.stringify(prices);
      const body = listBody(page, count, (plan) => planJson(plan, shapes)).body.slice(0, -1);
      return new RawJson(`${body},"wholesale_service_prices":${wholesale}}`);
    },
  },
  {
    name: 'tariff/read',
    permissions: [['tariffs', 'read']],
    handle({ params, dealer, shapes }) {
      const reader = new ParamReader(params);
      const planId = reader.int('tariff_id', { required: true, min: 1 });
      reader.check();
      const plan = findPlan(dealer, planId ?? 0);
      return new RawJson(`{"success":true,"value":${planJson(plan, shapes)}}`);
    },
  },
  {
    name: 'tariff/create',
    permissions: [['tariffs', 'create']],
    handle: ({ params, store, dealer }) => ({
      id: createPlan(store, dealer, new ParamReader(params)),
    }),
  },
  {
    name: 'tariff/update',
    permissions: [['tariffs', 'update']],
    handle({ params, dealer }) {
      updatePlan(dealer, new ParamReader(params));
      return {};
    },
  },
  ...tariffDefaultsActions,
];
