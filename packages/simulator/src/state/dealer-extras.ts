import type { Plan } from '../model.js';
import type { DealerData } from '../store.js';
import type {
  ActivationCode,
  EmailGateways,
  NotificationSettings,
  ServiceSettings,
  TariffDefaultsSet,
} from './extras-model.js';
import {
  seedActivationCodes,
  seedEmailGateways,
  seedNotificationSettings,
  seedServiceSettings,
  seedTariffDefaults,
} from './extras-seed.js';

/**
 * A dealer's state beyond the store's records: activation codes, settings, plan defaults,
 * branding images (inside the service settings) and email gateways. Records are replaced, never
 * changed in place, as in the store.
 */
export interface DealerExtras {
  /** By code, in creation order. */
  readonly codes: Map<string, ActivationCode>;
  service: ServiceSettings;
  notification: NotificationSettings;
  tariffDefaults: TariffDefaultsSet;
  readonly gateways: EmailGateways;
  /** The dealer's own panel passwords, most recent first (reference §2 code 294). */
  readonly passwords: string[];
}

const extras = new WeakMap<DealerData, DealerExtras>();

/** The dealer's extra state, seeded deterministically from its record on first use. */
export function extrasOf(data: DealerData): DealerExtras {
  let found = extras.get(data);
  if (found === undefined) {
    const codes = seedActivationCodes(data.dealer.id, data.plans.values());
    found = {
      codes: new Map(codes.map((code) => [code.code, code])),
      service: seedServiceSettings(data.dealer),
      notification: seedNotificationSettings(data.dealer),
      tariffDefaults: seedTariffDefaults(data.plans.values()),
      gateways: seedEmailGateways(data.dealer),
      passwords: [],
    };
    extras.set(data, found);
  }
  return found;
}

/** The dealer's domain as other dealers see it: its service settings once they exist. */
export function domainOf(data: DealerData): string {
  const service = extras.get(data)?.service;
  return typeof service?.domain === 'string' ? service.domain : data.dealer.domain;
}

/**
 * The store has no plan writer; plans are written here, into the same map `tariff/*`,
 * `tracker/list` and the plan checks of other actions read.
 */
export function putPlan(data: DealerData, plan: Plan): void {
  data.plans.set(plan.id, plan);
}

/** Reference §4.7: plan IDs are assigned by the platform; new ones follow the highest in use. */
export function nextPlanId(data: DealerData, others: readonly DealerData[]): number {
  let highest = 30000;
  for (const dealer of [data, ...others]) {
    for (const id of dealer.plans.keys()) highest = Math.max(highest, id);
  }
  return highest + 1;
}
