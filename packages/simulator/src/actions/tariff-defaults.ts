import { PanelError } from '../errors.js';
import type { DeviceType } from '../model.js';
import { ParamReader } from '../params.js';
import { extrasOf } from '../state/dealer-extras.js';
import type { TariffDefaults } from '../state/extras-model.js';
import type { DealerData } from '../store.js';
import type { ActionDefinition } from './types.js';

/**
 * Reads one device type's defaults object; problems are named `tracker.free_days` etc. [SPEC]
 * TariffDefaults requires no field: a missing plan is one that does not exist (239), missing
 * amounts are 0.
 */
function readDefaults(reader: ParamReader, key: DeviceType, required: boolean) {
  const form = reader.object(key, { required });
  if (form === undefined) return undefined;
  const tariffId = form.int('tariff_id') ?? 0;
  const activationBonus = form.number('activation_bonus', { min: 0 }) ?? 0;
  const freeDays = form.int('free_days', { min: 0 }) ?? 0;
  // §4.2 "TariffDefaults": null (here: omitted) means no limit.
  const limit = form.int('free_days_device_limit', { min: 1, nullable: true });
  const defaults: TariffDefaults = {
    tariff_id: tariffId,
    activation_bonus: activationBonus,
    free_days: freeDays,
    ...(limit !== undefined ? { free_days_device_limit: limit } : {}),
  };
  return defaults;
}

/** Reference §4.7 [MD]: 239 when the plan does not exist, 237 when its device type differs. */
function checkDefaults(dealer: DealerData, defaults: TariffDefaults, deviceType: DeviceType) {
  const plan = dealer.plans.get(defaults.tariff_id ?? 0);
  if (plan === undefined) throw new PanelError(239);
  if (plan.device_type !== deviceType) throw new PanelError(237);
}

/** Reference §4.7 `tariff/defaults/*`: keyed by device type, at the top level (§1.5). */
export const tariffDefaultsActions: readonly ActionDefinition[] = [
  {
    name: 'tariff/defaults/read',
    permissions: [['tariffs', 'read']],
    // §7 `tariff-defaults-camera`: [SPEC] "only `tracker` was observed"; [MD] also keys `camera`.
    handle({ dealer, shapes }) {
      const { tracker, camera } = extrasOf(dealer).tariffDefaults;
      const withCamera = shapes.legacy('tariff-defaults-camera') && camera !== undefined;
      return withCamera ? { tracker, camera } : { tracker };
    },
  },
  {
    name: 'tariff/defaults/update',
    permissions: [['tariffs', 'update']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const tracker = readDefaults(reader, 'tracker', true);
      // [UI] sends `camera` when the dealer has one; an omitted `camera` keeps the current one.
      const camera = readDefaults(reader, 'camera', false);
      reader.check();
      if (tracker === undefined) throw new PanelError(7);
      checkDefaults(dealer, tracker, 'tracker');
      if (camera !== undefined) checkDefaults(dealer, camera, 'camera');
      const state = extrasOf(dealer);
      state.tariffDefaults = { ...state.tariffDefaults, tracker, ...(camera ? { camera } : {}) };
      return {};
    },
  },
];
