import { PanelError } from '../errors.js';
import { listBody, readListQuery, runList } from '../lists.js';
import type { ListSpec } from '../lists.js';
import type { Bundle } from '../model-extras.js';
import { ParamReader } from '../params.js';
import { EQUIPMENT } from '../seed/extras.js';
import type { DealerData, SimulatorStore } from '../store.js';
import { assignSim } from './bundle-sims.js';
import { defined } from './lookups.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.10 `tracker/bundle/list`: the [MD2020] `order_by` values and filter fields. */
const BUNDLE_LIST: ListSpec<Bundle> = {
  orderBy: {
    id: (b) => b.id,
    model_code: (b) => b.model_code,
    imei: (b) => b.imei,
    iccid: (b) => b.iccid,
    assign_time: (b) => b.assign_time,
    order_id: (b) => b.order_id,
  },
  id: (b) => b.id,
  searchFields: (b) => [b.id, b.imei, b.model_code, b.iccid, b.assign_time],
};

export function findBundle(dealer: DealerData, bundleId: number): Bundle {
  const bundle = dealer.bundles.get(bundleId);
  if (bundle === undefined) throw new PanelError(201);
  return bundle;
}

/** Reference §4.10: an unknown `equip_id` answers 204 Entity not found (HTTP 404). */
function findEquipment(equipId: number) {
  const equipment = EQUIPMENT.find((e) => e.equip_id === equipId);
  if (equipment === undefined) throw new PanelError(204);
  return equipment;
}

/** Reference §4.10 `tracker/bundle/import`: 247 when an IMEI is already a bundle's. */
function importBundles(
  store: SimulatorStore,
  dealer: DealerData,
  imeis: readonly string[],
  equipId: number,
): void {
  const equipment = findEquipment(equipId);
  const known = new Set([...dealer.bundles.values()].map((b) => b.imei));
  if (imeis.some((imei, i) => known.has(imei) || imeis.indexOf(imei) !== i))
    throw new PanelError(247);
  for (const imei of imeis) {
    const id = store.nextId('bundle');
    dealer.bundles.set(id, { id, model_code: equipment.model_code, imei, equip_id: equipId });
  }
}

/** Reference §4.10: the warehouse bundles (device + SIM kits) and the equipment catalogue. */
export const bundleActions: readonly ActionDefinition[] = [
  {
    name: 'tracker/bundle/list',
    permissions: [['tracker_bundles', 'read']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const query = readListQuery(reader, BUNDLE_LIST);
      reader.check();
      const { page, count } = runList([...dealer.bundles.values()], BUNDLE_LIST, query);
      return listBody(page, count);
    },
  },
  {
    name: 'tracker/bundle/read',
    permissions: [['tracker_bundles', 'read']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const imei = reader.string('imei', { required: true, minLength: 1 });
      reader.check();
      const bundle = [...dealer.bundles.values()].find((b) => b.imei === imei);
      if (bundle === undefined) throw new PanelError(201);
      return { value: bundle };
    },
  },
  {
    name: 'tracker/bundle/assign',
    permissions: [['tracker_bundles', 'update']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const bundleId = reader.int('bundle_id', { required: true, min: 1 });
      const iccid = reader.string('iccid', { minLength: 3, maxLength: 20 });
      reader.check();
      assignSim(dealer, findBundle(dealer, defined(bundleId)), iccid);
      return {};
    },
  },
  {
    name: 'tracker/bundle/order/assign',
    permissions: [['tracker_bundles', 'update']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const bundleId = reader.int('bundle_id', { required: true, min: 1 });
      const orderId = reader.int('order_id', { min: 1, nullable: true });
      reader.check();
      const { order_id: _old, ...bundle } = findBundle(dealer, defined(bundleId));
      if (orderId !== undefined && !dealer.orders.has(orderId)) throw new PanelError(201);
      // §4.10: `order_id: null` (or absent) detaches the bundle from its order.
      dealer.bundles.set(
        bundle.id,
        orderId === undefined ? bundle : { ...bundle, order_id: orderId },
      );
      return {};
    },
  },
  {
    name: 'tracker/bundle/import',
    // §3.2: [MD] requires `tracker_bundles: create`, which the documented categories lack.
    permissions: [['tracker_bundles', 'create']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const imeis = reader.stringList('imeis', { required: true, min: 1 });
      const equipId = reader.int('equip_id', { required: true, min: 1 });
      reader.bool('factory_preset');
      if (imeis?.some((imei) => !/^\d{6,20}$/.test(imei)))
        reader.fail('imeis', 'Should be device IDs of 6 to 20 digits');
      reader.check();
      importBundles(store, dealer, defined(imeis), defined(equipId));
      return {};
    },
  },
  {
    name: 'tracker/bundle/update',
    permissions: [['tracker_bundles', 'update']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const bundleId = reader.int('bundle_id', { required: true, min: 1 });
      const equipId = reader.int('equip_id', { required: true, min: 1 });
      reader.check();
      const bundle = findBundle(dealer, defined(bundleId));
      const equipment = findEquipment(defined(equipId));
      dealer.bundles.set(bundle.id, {
        ...bundle,
        equip_id: equipment.equip_id,
        model_code: equipment.model_code,
      });
      return {};
    },
  },
  {
    name: 'equipment/list',
    permissions: [['tracker_bundles', 'read']],
    handle: () => ({ list: EQUIPMENT }),
  },
];
