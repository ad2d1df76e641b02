import { defineRoute } from '../http/routes.js';
import {
  byIdParams,
  listQuery,
  navixyListParams,
  pageSchema,
  queryBool,
  toPage,
} from './common.js';
import { parseUpstream } from './upstream.js';
import {
  toUser,
  toUserDetail,
  userDetailSchema,
  userListUpstream,
  userReadUpstream,
  userSchema,
} from './users.mapping.js';

/** Sort fields of `GET /v1/users` and the `order_by` values Navixy knows them by (§4.8). */
const USER_SORT = {
  id: 'id',
  login: 'login',
  lastName: 'last_name',
  balance: 'balance',
  bonus: 'bonus',
  phone: 'phone',
  postCity: 'post_city',
} as const;

export const userRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/users',
    operationId: 'listUsers',
    summary: 'List the dealer\u2019s users',
    tag: 'Users',
    actions: ['user/list'],
    query: listQuery(USER_SORT).extend({
      activeOnly: queryBool.optional().meta({ description: 'Only users allowed to log in.' }),
    }),
    response: { description: 'A page of users.', schema: pageSchema(userSchema, 'UserPage') },
    async handle({ query, panel }) {
      const params = navixyListParams(query, USER_SORT);
      if (query.activeOnly) params.hide_inactive = true;
      const payload = await panel('user/list', params);
      return toPage(parseUpstream(userListUpstream, payload, 'user/list'), query, toUser);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/users/{id}',
    operationId: 'getUser',
    summary: 'One user, with discount, default plan and MFA settings',
    tag: 'Users',
    actions: ['user/read'],
    params: byIdParams,
    response: { description: 'The user.', schema: userDetailSchema },
    errors: [404],
    async handle({ params, panel }) {
      const payload = await panel('user/read', { user_id: params.id });
      return toUserDetail(parseUpstream(userReadUpstream, payload, 'user/read'));
    },
  }),
];
