import { PanelError } from '../errors.js';
import type { Bundle, OrderBundle } from '../model-extras.js';
import { ParamReader } from '../params.js';
import { EQUIPMENT } from '../seed/extras.js';
import type { DealerData } from '../store.js';
import { defined } from './lookups.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.2 "Order": a `bundles[]` line as [MD] and the [UI] read it (§7 `order-lines`). */
function orderLine(bundle: Bundle): OrderBundle {
  const equipment = EQUIPMENT.find((e) => e.equip_id === bundle.equip_id);
  return {
    id: bundle.id,
    equip_id: bundle.equip_id,
    equip_vendor: equipment?.vendor ?? '',
    equip_name: equipment?.name ?? '',
    equip_model: equipment?.model_name ?? '',
    model_code: bundle.model_code,
    imei: bundle.imei,
    ...(bundle.iccid === undefined ? {} : { iccid: bundle.iccid }),
    ...(bundle.assign_time === undefined ? {} : { assign_time: bundle.assign_time }),
    order_id: defined(bundle.order_id),
  };
}

function orderBundles(dealer: DealerData, orderId: number): OrderBundle[] {
  return [...dealer.bundles.values()].filter((b) => b.order_id === orderId).map(orderLine);
}

/** Reference §4.5 `order/read`. */
export const orderActions: readonly ActionDefinition[] = [
  {
    name: 'order/read',
    permissions: [['tracker_bundles', 'read']],
    handle({ params, dealer, shapes }) {
      const reader = new ParamReader(params);
      const orderId = reader.int('order_id', { required: true, min: 1 });
      reader.check();
      const order = dealer.orders.get(defined(orderId));
      // §4.5: missing and another dealer's order are indistinguishable: 201.
      if (order === undefined) throw new PanelError(201);
      // §7 `order-lines`: [SPEC] `positions[]`, [MD] and the [UI] `bundles[]`.
      if (!shapes.legacy('order-lines')) return { value: order };
      const { positions: _positions, ...fields } = order;
      return { value: { ...fields, bundles: orderBundles(dealer, order.id) } };
    },
  },
];
