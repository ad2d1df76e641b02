import { PanelError } from '../errors.js';
import { RawJson } from '../json.js';
import { listBody, readListQuery, runList } from '../lists.js';
import type { ListSpec } from '../lists.js';
import type { Tracker } from '../model.js';
import { ParamReader } from '../params.js';
import { trackerJson } from '../shape-views.js';
import type { ShapeMode } from '../shapes.js';
import type { DealerData } from '../store.js';
import { findLiveTracker, findUser } from './lookups.js';
import { trackerAdminActions } from './tracker-admin.js';
import { trackerCloneActions } from './tracker-clones.js';
import { trackerDeviceActions } from './tracker-device.js';
import { trackerTariffActions } from './tracker-tariff.js';
import type { ActionDefinition } from './types.js';

export { findTracker } from './lookups.js';

/**
 * Reference §4.9 `tracker/list` `order_by` ([MD]). `model` orders by model name, as the [UI] maps
 * it. `business_status` is not a Tracker field; ordering deleted, then blocked ones last is a guess.
 */
const TRACKER_LIST: ListSpec<Tracker> = {
  orderBy: {
    id: (t) => t.id,
    label: (t) => t.label,
    status: (t) => t.source.connection_status,
    model: (t) => t.model_name,
    device_id: (t) => t.source.device_id,
    phone: (t) => t.source.phone,
    creation_date: (t) => t.creation_date,
    last_connection: (t) => t.last_connection,
    tariff_id: (t) => t.source.tariff_id,
    business_status: (t) => (t.deleted ? 2 : 0) + (t.source.blocked ? 1 : 0),
  },
  id: (t) => t.id,
  searchFields: (t) => [
    t.id,
    t.label,
    t.source.id,
    t.source.device_id,
    t.source.model,
    t.source.phone,
    t.user_id,
  ],
};

/**
 * Reference §4.1 and §7 `clones-filter`: the [UI] sends `exclude_clones` / `include_clones_only`;
 * [MD] names `only_include_clones` and `not_set`. [SPEC] leaves the parameter untyped, so any
 * text is accepted and one the simulator does not know filters nothing; with the older shapes
 * only these four are.
 */
const CLONES_FILTERS = [
  'exclude_clones',
  'include_clones_only',
  'only_include_clones',
  'not_set',
] as const;

type ClonesFilter = (typeof CLONES_FILTERS)[number];

interface TrackerFilters {
  readonly userId: number | undefined;
  readonly tariffId: number | undefined;
  readonly clones: string | undefined;
}

function readClonesFilter(reader: ParamReader, shapes: ShapeMode): ClonesFilter | undefined {
  if (shapes.legacy('clones-filter')) return reader.oneOf('clones_filter', CLONES_FILTERS);
  const value = reader.string('clones_filter');
  return CLONES_FILTERS.find((known) => known === value);
}

/** Reference §4.9: an unknown `user_id` or `tariff_id` answers 201. */
function trackerFilter(dealer: DealerData, filters: TrackerFilters): (t: Tracker) => boolean {
  const { userId, tariffId, clones } = filters;
  if (userId !== undefined) findUser(dealer, userId);
  if (tariffId !== undefined && !dealer.plans.has(tariffId)) throw new PanelError(201);
  const onlyClones = clones === 'include_clones_only' || clones === 'only_include_clones';
  return (t) =>
    (userId === undefined || t.user_id === userId) &&
    (tariffId === undefined || t.source.tariff_id === tariffId) &&
    (clones !== 'exclude_clones' || !t.clone) &&
    (!onlyClones || t.clone);
}

const readActions: readonly ActionDefinition[] = [
  {
    name: 'tracker/list',
    permissions: [['trackers', 'read']],
    handle({ params, store, dealer, shapes }) {
      const reader = new ParamReader(params);
      // Reference §7 `list-order-by`: [SPEC] leaves `order_by` untyped, [MD] lists the values.
      const anyOrderBy = !shapes.legacy('list-order-by');
      const query = readListQuery(reader, TRACKER_LIST, { anyOrderBy });
      const filters: TrackerFilters = {
        userId: reader.int('user_id', { min: 1 }),
        tariffId: reader.int('tariff_id', { min: 1 }),
        clones: readClonesFilter(reader, shapes),
      };
      reader.check();
      const keep = trackerFilter(dealer, filters);
      const { page, count } = runList(store.trackers(dealer), TRACKER_LIST, query, keep);
      return listBody(page, count, (tracker) => trackerJson(tracker, shapes));
    },
  },
  {
    name: 'tracker/read',
    permissions: [['trackers', 'read']],
    handle({ params, dealer, shapes }) {
      const reader = new ParamReader(params);
      const trackerId = reader.int('tracker_id', { required: true, min: 1 });
      reader.check();
      // §4.9 `tracker/read` errors: 201, and 252 for a corrupted tracker.
      const tracker = findLiveTracker(dealer, trackerId ?? 0);
      return new RawJson(`{"success":true,"value":${trackerJson(tracker, shapes)}}`);
    },
  },
];

/** Reference §4.9: the tracker actions. */
export const trackerActions: readonly ActionDefinition[] = [
  ...readActions,
  ...trackerCloneActions,
  ...trackerAdminActions,
  ...trackerTariffActions,
  ...trackerDeviceActions,
];
