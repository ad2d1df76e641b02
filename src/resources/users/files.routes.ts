import { z } from 'zod';
import { ValidationError } from '../../problems/gateway-error.js';
import { FileAnswer, defineRoute } from '../../routing/route-spec.js';
import { byIdParams, isoDateTime, orNull, out } from '../shared/common.js';

const tag = 'Users';

/** ISO-8601 in UTC → Navixy's `YYYY-MM-DD HH:MM:SS` (reference §1.6). */
const toNavixyTime = (iso: string) => new Date(iso).toISOString().slice(0, 19).replace('T', ' ');

/**
 * One transaction, whichever way Navixy described it (reference §7): [SPEC] gives `id`,
 * `user_id` and the reason as `text`; [MD]/[UI] the reason as `description`, with the subtype,
 * tracker, dealer and the balances around it. A field the answer lacks is null.
 */
const transactionSchema = z
  .object({
    id: out.int.meta({ description: 'Navixy\u2019s transaction id (newer answers only).' }),
    userId: out.int,
    dealerId: out.int,
    timestamp: out.dateTime,
    type: out.str,
    subtype: out.str,
    description: out.str.meta({
      description: 'Why: the text given with the change (Navixy `text` or `description`).',
    }),
    trackerId: out.int.meta({ description: 'null when the transaction concerns no tracker.' }),
    amount: out.num,
    oldBalance: out.num,
    newBalance: out.num,
    bonusAmount: out.num,
    oldBonus: out.num,
    newBonus: out.num,
  })
  .meta({ id: 'Transaction' });

const EXPORT_COLUMNS = ['id', 'login', 'first_name', 'middle_name', 'last_name', 'phone'] as const;
const CONTENT_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const userFileRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/users/{id}/transactions',
    operationId: 'listUserTransactions',
    summary: 'A user\u2019s balance and bonus transactions in a time range',
    tag,
    actions: ['user/transaction/list'],
    params: byIdParams,
    query: z.strictObject({
      from: z.iso.datetime({ offset: true }).meta({ description: 'ISO-8601 start.' }),
      to: z.iso.datetime({ offset: true }),
      limit: z.coerce.number().int().min(1).max(20_000).default(1_000).meta({ type: 'integer' }),
    }),
    response: {
      description: 'The transactions, oldest first.',
      schema: z.object({ items: z.array(transactionSchema) }),
    },
    errors: [404],
    fieldNames: { from: 'from', to: 'to', limit: 'limit' },
    async handle({ params, query, panel }) {
      const { list } = await panel('user/transaction/list', {
        user_id: params.id,
        from: toNavixyTime(query.from),
        to: toNavixyTime(query.to),
        limit: query.limit,
      });
      return {
        items: (list ?? []).map((t) => ({
          id: orNull(t.id),
          userId: orNull(t.user_id),
          dealerId: orNull(t.dealer_id),
          timestamp: isoDateTime(t.timestamp),
          type: orNull(t.type),
          subtype: orNull(t.subtype),
          description: t.text ?? t.description ?? null,
          trackerId: t.tracker_id ? t.tracker_id : null,
          amount: orNull(t.amount),
          oldBalance: orNull(t.old_balance),
          newBalance: orNull(t.new_balance),
          bonusAmount: orNull(t.bonus_amount),
          oldBonus: orNull(t.old_bonus),
          newBonus: orNull(t.new_bonus),
        })),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/users/{id}/transactions',
    operationId: 'changeUserBalance',
    summary: 'Add to or take from a user\u2019s balance or bonus',
    description:
      'Writes a billing transaction. The balance may not become negative (403 INSUFFICIENT_FUNDS).',
    tag,
    actions: ['user/transaction/change_balance'],
    params: byIdParams,
    body: z.strictObject({
      amount: z
        .number()
        .min(-9_999_999_999.9999)
        .max(9_999_999_999.9999)
        .refine((n) => n !== 0, 'must not be 0'),
      type: z.enum(['balance', 'bonus']),
      text: z.string().min(5).max(200).meta({ description: 'Why; shown in the transaction list.' }),
    }),
    status: 204,
    response: { description: 'The transaction is written.' },
    errors: [404],
    fieldNames: { amount: 'amount', type: 'type', text: 'text' },
    async handle({ params, body, panel }) {
      await panel('user/transaction/change_balance', { user_id: params.id, ...body });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/user-exports',
    operationId: 'exportUsers',
    summary: 'The dealer\u2019s users as a CSV or XLSX file',
    description: 'Streamed as Navixy produces it.',
    tag,
    actions: ['user/export'],
    query: z.strictObject({
      format: z.enum(['csv', 'xlsx']).default('csv'),
      columns: z
        .string()
        .regex(/^[a-z_]+(,[a-z_]+)*$/, 'comma-separated Navixy column names')
        .optional()
        .meta({ description: `Default: ${EXPORT_COLUMNS.join(',')}.` }),
      q: z.string().trim().min(1).max(200).optional(),
    }),
    response: { description: 'The file.', contentTypes: Object.values(CONTENT_TYPES) },
    async handle({ query, panel }) {
      // Without `columns` Navixy exports its default ones (EXPORT_COLUMNS, §4.8).
      const file = await panel.download('user/export', {
        format: query.format,
        ...(query.columns ? { columns: query.columns.split(',') } : {}),
        ...(query.q ? { filter: query.q } : {}),
      });
      return new FileAnswer(
        { ...file, contentType: CONTENT_TYPES[query.format] },
        `users.${query.format}`,
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/user-imports',
    operationId: 'importUsers',
    summary: 'Create users from a CSV or XLSX file',
    description:
      'Up to 10,000 rows, `;`-separated, with Navixy\u2019s header row (see docs/endpoints.md).',
    tag,
    actions: ['user/upload'],
    upload: { description: 'The file of users.' },
    response: {
      description: 'How many rows were read and how many failed (null: Navixy did not say).',
      schema: z.object({ total: out.int, errors: out.int }),
    },
    async handle({ upload, panel }) {
      if (!upload?.file) {
        throw new ValidationError([
          { in: 'body', name: 'file', message: 'a file part named "file" is required' },
        ]);
      }
      const { total, errors } = await panel.upload('user/upload', {}, upload.file);
      return { total: orNull(total), errors: orNull(errors) };
    },
  }),
];
