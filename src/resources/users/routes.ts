import { defineRoute } from '../../routing/route-spec.js';
import {
  byIdParams,
  listQuery,
  navixyListParams,
  pageSchema,
  queryBool,
  toPage,
} from '../shared/common.js';
import { toUser, toUserDetail, userDetailSchema, userSchema } from './mapping.js';

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
      const page = await panel('user/list', {
        ...navixyListParams(query, USER_SORT),
        ...(query.activeOnly ? { hide_inactive: true } : {}),
      });
      return toPage(page, query, toUser);
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
      return toUserDetail(await panel('user/read', { user_id: params.id }));
    },
  }),
];
