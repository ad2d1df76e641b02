import { z } from 'zod';
import { answer, created, email, id, int, listParams, noParams, ok, page, str } from './fields.js';
import { legacyServicePrices, servicePrices } from './objects-dealer.js';
import {
  BLOCK_TYPES,
  DEVICE_TYPES,
  legacyPlan,
  plan,
  planDraft,
  planEdit,
  subpaas,
  subpaasListEntry,
  tariffDefaults,
  tariffDefaultsWrite,
} from './objects-plans.js';
import type { ActionContract } from './types.js';

/** `subpaas/create` and `subpaas/update` fields ([SPEC] bounds). */
const subpaasFields = {
  title: str().min(1).max(50),
  jur_name: str().max(100),
  email: email(),
  jur_country: str().max(255),
  link_monitoring: str().max(255),
  contact_fio: str().max(100).optional(),
  contact_post: str().max(50).optional(),
  contact_phone: str().max(255).optional(),
};

const subpaasId = z.object({ subpaas_id: int() });

/** Reference §4.6 and §4.7: sub-dealers and plans. */
export const planContracts: Record<string, ActionContract> = {
  'subpaas/list': {
    request: listParams(
      z.enum(['subpaas_id', 'title', 'jur_name', 'login', 'block_type', 'creation_date']),
    ),
    answer: page(subpaasListEntry),
  },
  'subpaas/read': { request: subpaasId, answer: answer({ value: subpaas }) },
  'subpaas/create': {
    request: z.object({ password: str(), ...subpaasFields }),
    answer: created,
    // Reference §7 `subpaas-create-id`: the [MD] example answers `success` alone.
    legacyAnswer: answer({}),
  },
  'subpaas/update': {
    request: subpaasId.extend({ block_type: z.enum(BLOCK_TYPES), ...subpaasFields }),
    answer: ok,
  },
  'subpaas/password/change': {
    request: subpaasId.extend({ new_password: str() }),
    answer: ok,
  },
  'subpaas/session/create': { request: subpaasId, answer: answer({ hash: str() }) },
  'tariff/list': {
    request: listParams(z.enum(['id', 'name', 'device_type', 'group_id', 'price'])).extend({
      device_type: z.enum(DEVICE_TYPES).optional(),
    }),
    answer: answer({
      list: z.array(plan),
      wholesale_service_prices: servicePrices,
      count: int(),
    }),
    legacyAnswer: answer({
      list: z.array(legacyPlan),
      wholesale_service_prices: legacyServicePrices,
      count: int(),
    }),
  },
  'tariff/read': {
    request: z.object({ tariff_id: id() }),
    answer: answer({ value: plan }),
    legacyAnswer: answer({ value: legacyPlan }),
  },
  'tariff/create': { request: z.object({ tariff: planDraft }), answer: created },
  'tariff/update': { request: z.object({ tariff: planEdit }), answer: ok },
  'tariff/defaults/read': {
    request: noParams,
    answer: answer({ tracker: tariffDefaults }),
    // Reference §7 `tariff-defaults-camera`: [MD] and the [UI] also key `camera`.
    legacyAnswer: answer({ tracker: tariffDefaults, camera: tariffDefaults.optional() }),
  },
  'tariff/defaults/update': {
    // [SPEC] documents `tracker`; the [UI] also sends `camera` when the dealer has one.
    request: z.object({ tracker: tariffDefaultsWrite, camera: tariffDefaultsWrite.optional() }),
    answer: ok,
  },
};
