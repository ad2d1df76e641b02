import { z } from 'zod';
import { defineRoute } from '../../routing/route-spec.js';
import {
  byIdParams,
  idParam,
  listQuery,
  navixyListParams,
  pageSchema,
  toPage,
} from '../shared/common.js';
import { toTracker, trackerSchema } from './mapping.js';

/** Sort fields of `GET /v1/trackers` and their Navixy `order_by` values (§4.9). */
const TRACKER_SORT = {
  id: 'id',
  label: 'label',
  status: 'status',
  model: 'model',
  deviceId: 'device_id',
  phone: 'phone',
  creationDate: 'creation_date',
  lastConnection: 'last_connection',
  planId: 'tariff_id',
} as const;

/** `clones_filter` values the admin panel sends (reference §4.1, §7). */
const CLONES_FILTER = { exclude: 'exclude_clones', only: 'include_clones_only' } as const;

const trackerListQuery = listQuery(TRACKER_SORT).extend({
  userId: idParam.optional().meta({ description: 'Only the trackers of this user.' }),
  planId: idParam.optional().meta({ description: 'Only the trackers on this plan.' }),
  clones: z
    .enum(['exclude', 'only'])
    .optional()
    .meta({ description: 'Leave clones out, or list only clones.' }),
});

export const trackerRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/trackers',
    operationId: 'listTrackers',
    summary: 'List the trackers of the dealer\u2019s users',
    tag: 'Trackers',
    actions: ['tracker/list'],
    query: trackerListQuery,
    response: {
      description: 'A page of trackers.',
      schema: pageSchema(trackerSchema, 'TrackerPage'),
    },
    errors: [404],
    async handle({ query, panel }) {
      const page = await panel('tracker/list', {
        ...navixyListParams(query, TRACKER_SORT),
        ...(query.userId === undefined ? {} : { user_id: query.userId }),
        ...(query.planId === undefined ? {} : { tariff_id: query.planId }),
        ...(query.clones === undefined ? {} : { clones_filter: CLONES_FILTER[query.clones] }),
      });
      return toPage(page, query, toTracker);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/trackers/{id}',
    operationId: 'getTracker',
    summary: 'One tracker',
    tag: 'Trackers',
    actions: ['tracker/read'],
    params: byIdParams,
    response: { description: 'The tracker.', schema: trackerSchema },
    errors: [404],
    async handle({ params, panel }) {
      return toTracker((await panel('tracker/read', { tracker_id: params.id })).value);
    },
  }),
];
