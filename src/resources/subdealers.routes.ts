import { z } from 'zod';
import { defineRoute, type PanelCall } from '../http/routes.js';
import { byIdParams, listQuery, navixyListParams, pageSchema } from './common.js';
import { mergePatch } from './merge-patch.js';
import {
  SUBDEALER_FIELD_NAMES,
  subdealerInputSchema,
  subdealerPatchSchema,
  subdealerSchema,
  toNavixySubdealer,
  toSubdealer,
  toSubdealerInput,
  type SubdealerInput,
} from './subdealers.mapping.js';

const SUBDEALER_SORT = {
  id: 'subpaas_id',
  title: 'title',
  login: 'login',
  creationDate: 'creation_date',
} as const;

async function readSubdealer(panel: PanelCall, id: number) {
  return toSubdealer((await panel('subpaas/read', { subpaas_id: id })).value);
}

/** `subpaas/update` replaces the whole record (reference §5.6); answers it as read back. */
async function writeSubdealer(panel: PanelCall, id: number, input: SubdealerInput) {
  await panel('subpaas/update', {
    subpaas_id: id,
    block_type: input.blockType,
    ...toNavixySubdealer(input),
  });
  return readSubdealer(panel, id);
}

const password = z.string().min(6).max(64);
const tag = 'Sub-dealers';

export const subdealerRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/subdealers',
    operationId: 'listSubdealers',
    summary: 'List the dealer\u2019s sub-dealers',
    tag,
    actions: ['subpaas/list'],
    query: listQuery(SUBDEALER_SORT),
    response: {
      description: 'A page of sub-dealers.',
      schema: pageSchema(subdealerSchema, 'SubdealerPage'),
    },
    async handle({ query, panel }) {
      const { list, count } = await panel('subpaas/list', navixyListParams(query, SUBDEALER_SORT));
      // Older Navixy answers carry no `count` (reference Appendix A): then the page is all there is.
      const total = count ?? query.offset + list.length;
      return { items: list.map(toSubdealer), total, limit: query.limit, offset: query.offset };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/subdealers/{id}',
    operationId: 'getSubdealer',
    summary: 'One sub-dealer',
    tag,
    actions: ['subpaas/read'],
    params: byIdParams,
    response: { description: 'The sub-dealer.', schema: subdealerSchema },
    errors: [404],
    handle: ({ params, panel }) => readSubdealer(panel, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/subdealers',
    operationId: 'createSubdealer',
    summary: 'Create a sub-dealer',
    description: 'Navixy e-mails the new sub-dealer. Answers the sub-dealer as read back.',
    tag,
    actions: ['subpaas/create', 'subpaas/read'],
    body: subdealerInputSchema.omit({ blockType: true }).extend({ password }),
    status: 201,
    response: { description: 'The new sub-dealer.', schema: subdealerSchema },
    fieldNames: SUBDEALER_FIELD_NAMES,
    async handle({ body, panel }) {
      const { password: secret, ...input } = body;
      const { id } = await panel('subpaas/create', {
        ...toNavixySubdealer({ ...input, blockType: 'NOT_BLOCKED' }),
        password: secret,
      });
      return readSubdealer(panel, id);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/subdealers/{id}',
    operationId: 'replaceSubdealer',
    summary: 'Replace a sub-dealer',
    description: 'Fields left out are reset. Use PATCH to change some.',
    tag,
    actions: ['subpaas/update', 'subpaas/read'],
    params: byIdParams,
    body: subdealerInputSchema,
    response: { description: 'The sub-dealer as stored.', schema: subdealerSchema },
    errors: [404],
    fieldNames: SUBDEALER_FIELD_NAMES,
    handle: ({ params, body, panel, lock }) =>
      lock(`subdealer:${params.id}`, () => writeSubdealer(panel, params.id, body)),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/subdealers/{id}',
    operationId: 'updateSubdealer',
    summary: 'Change some fields of a sub-dealer',
    description:
      'A JSON merge patch, read-merge-written under a lock shared by all gateway instances.',
    tag,
    actions: ['subpaas/read', 'subpaas/update'],
    params: byIdParams,
    body: subdealerPatchSchema,
    response: { description: 'The sub-dealer as stored.', schema: subdealerSchema },
    errors: [404],
    fieldNames: SUBDEALER_FIELD_NAMES,
    handle: ({ params, body, panel, lock }) =>
      lock(`subdealer:${params.id}`, async () => {
        const current = toSubdealerInput(await readSubdealer(panel, params.id));
        return writeSubdealer(panel, params.id, mergePatch(current, body));
      }),
  }),
  defineRoute({
    method: 'put',
    path: '/v1/subdealers/{id}/password',
    operationId: 'setSubdealerPassword',
    summary: 'Set a sub-dealer\u2019s Panel password',
    tag,
    actions: ['subpaas/password/change'],
    params: byIdParams,
    body: z.strictObject({ password }),
    status: 204,
    response: { description: 'The password is set.' },
    errors: [404],
    fieldNames: SUBDEALER_FIELD_NAMES,
    async handle({ params, body, panel }) {
      await panel('subpaas/password/change', {
        subpaas_id: params.id,
        new_password: body.password,
      });
    },
  }),
];
