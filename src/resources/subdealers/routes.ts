import { z } from 'zod';
import { defineRoute, type PanelCall } from '../../routing/route-spec.js';
import { UpstreamBadResponseError } from '../../panel/errors.js';
import { byIdParams, listQuery, navixyListParams, pageSchema, toPage } from '../shared/common.js';
import { asRecord } from '../shared/raw-write.js';
import {
  SUBDEALER_FIELD_NAMES,
  subdealerInputSchema,
  subdealerPatchSchema,
  subdealerSchema,
  subdealerUpdateFromRead,
  toNavixySubdealer,
  toSubdealer,
  type SubdealerInput,
} from './mapping.js';

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

/**
 * The id of a sub-dealer just created. [SPEC] and [UI] answer it; the [MD] example answers only
 * `success` (§7): then it is the newest sub-dealer with the title and legal name just sent.
 */
async function createdId(panel: PanelCall, id: number | null | undefined, input: SubdealerInput) {
  if (id) return id;
  const { list } = await panel('subpaas/list', {
    filter: input.title,
    order_by: 'subpaas_id',
    ascending: false,
    limit: 20,
  });
  const found = (list ?? []).find((s) => s.title === input.title && s.jur_name === input.legalName);
  if (!found) {
    throw new UpstreamBadResponseError(
      'subpaas/create',
      200,
      'created, but answered no id and the new sub-dealer is not in the list',
    );
  }
  return found.subpaas_id;
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
      const page = await panel('subpaas/list', navixyListParams(query, SUBDEALER_SORT));
      return toPage(page, query, toSubdealer);
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
    actions: ['subpaas/create', 'subpaas/read', 'subpaas/list'],
    body: subdealerInputSchema.omit({ blockType: true }).extend({ password }),
    status: 201,
    response: { description: 'The new sub-dealer.', schema: subdealerSchema },
    fieldNames: SUBDEALER_FIELD_NAMES,
    async handle({ body, panel }) {
      const { password: secret, ...fields } = body;
      const input = { ...fields, blockType: 'NOT_BLOCKED' as const };
      const { contact_fio, contact_post, contact_phone, ...required } = toNavixySubdealer(input);
      const { id } = await panel('subpaas/create', {
        ...required,
        // Optional parameters only when given (reference §4.6).
        ...(input.contactName === undefined ? {} : { contact_fio }),
        ...(input.contactPosition === undefined ? {} : { contact_post }),
        ...(input.contactPhone === undefined ? {} : { contact_phone }),
        password: secret,
      });
      return readSubdealer(panel, await createdId(panel, id, input));
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
      'A JSON merge patch, merged into the sub-dealer as Navixy returned it and written back ' +
      'under a lock shared by all gateway instances: fields the patch does not name go back ' +
      'exactly as read, those the gateway does not show included (docs/panel-fields.md).',
    tag,
    actions: ['subpaas/read', 'subpaas/update'],
    params: byIdParams,
    body: subdealerPatchSchema,
    response: { description: 'The sub-dealer as stored.', schema: subdealerSchema },
    errors: [404],
    fieldNames: SUBDEALER_FIELD_NAMES,
    handle: ({ params, body, panel, lock }) =>
      lock(`subdealer:${params.id}`, async () => {
        const { raw } = await panel.withRaw('subpaas/read', { subpaas_id: params.id });
        await panel(
          'subpaas/update',
          subdealerUpdateFromRead(asRecord(raw.value), body, params.id),
        );
        return readSubdealer(panel, params.id);
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
