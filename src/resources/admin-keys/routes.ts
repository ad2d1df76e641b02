import { z } from 'zod';
import { keyView } from '../../auth/key-records.js';
import { apiKeyEntrySchema } from '../../auth/key-entry.js';
import { ValidationError } from '../../problems/gateway-error.js';
import { listQuery, pageSchema } from '../shared/common.js';
import { ADMIN_SCOPE } from '../../auth/scope-catalog.js';
import { defineRoute, type RouteSpec } from '../../routing/route-spec.js';

const keyViewSchema = z
  .object({
    id: z.string().meta({ description: 'Public id of the key; not a secret.' }),
    name: z.string(),
    scopes: z.array(z.string()),
    accounts: z.array(z.string()).nullable().meta({
      description:
        'The Panel accounts the key may use (`*`: every one); null: the default account only.',
    }),
    status: z.enum(['active', 'rotating', 'rotated', 'expired', 'revoked']).meta({
      description:
        '`rotating`: replaced, but valid until `graceUntil`; `rotated`: the grace is over.',
    }),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable().meta({
      description: 'Last authentication, saved at most once a minute per gateway instance.',
    }),
    rotatedFrom: z.string().nullable().meta({ description: 'The key this one replaced.' }),
    lineage: z.string().meta({
      description:
        'The id of the first key of its rotation chain (its own id unless it replaced one): the ' +
        'client it is for rate limits, logs and audit records (`managed:<lineage>`).',
    }),
    graceUntil: z.iso.datetime().nullable(),
    rateLimit: z.string().nullable().meta({
      description:
        'The key\u2019s own client rate limit (`600/60s`, `off`); null: the scope rules, then the default.',
    }),
  })
  .meta({ id: 'ApiKey', description: 'A managed API key, without its secret.' });

const newKeySchema = keyViewSchema
  .extend({
    key: z.string().meta({ description: 'The API key itself. Shown this once; store it now.' }),
  })
  .meta({ id: 'NewApiKey' });

const idParams = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/, 'must be a key id (16 hex digits)'),
});

/**
 * The same name, scopes, accounts and rate limit as an `API_KEYS_FILE` entry, and an optional
 * expiry.
 */
const createBody = apiKeyEntrySchema.pick({ name: true, scopes: true }).extend({
  accounts: apiKeyEntrySchema.shape.accounts.meta({
    description:
      'Ids of the Panel accounts the key may use, or `["*"]` for every one; absent: the ' +
      'default account only. Ids that are not configured grant nothing.',
  }),
  rateLimit: apiKeyEntrySchema.shape.rateLimit.meta({
    description:
      'The key\u2019s own client rate limit: `<count>/<window>` (`600/60s`, `100/1m`, `5000/1h`) or ' +
      '`off`. Absent: the first matching CLIENT_RATE_LIMIT_RULES rule, then CLIENT_RATE_LIMIT.',
  }),
  expiresAt: z.iso.datetime({ offset: true }).optional().meta({
    description: 'When the key stops working (ISO-8601, in the future); never when absent.',
  }),
});

const rotationBody = z
  .strictObject({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .optional()
      .meta({ description: 'How long the old key stays valid; API_KEY_ROTATION_GRACE_SECONDS.' }),
  })
  .optional();

/** What every `/admin` operation shares: no Panel action, the admin scope, its error texts. */
const ADMIN: Pick<RouteSpec, 'tag' | 'actions' | 'scopes' | 'errorDescriptions'> = {
  tag: 'Administration',
  actions: [],
  scopes: [ADMIN_SCOPE],
  errorDescriptions: {
    401: 'No API key, or one that is unknown, revoked or expired (UNAUTHENTICATED).',
    403:
      `The credential lacks the scope \`${ADMIN_SCOPE}\` (INSUFFICIENT_SCOPE), is a JWT bound to a ` +
      'Navixy user (USER_BINDING), or asks to give a key a scope, Panel account or rate limit it ' +
      'does not hold itself (GRANT_EXCEEDS_CALLER, naming them in `notGrantable`).',
    404: 'No key with this id (KEY_NOT_FOUND).',
    409: 'The key is not active: revoked, expired or already rotated (KEY_NOT_ROTATABLE).',
    429: 'The client used up its rate limit (CLIENT_RATE_LIMITED); see Retry-After, RateLimit-Policy and RateLimit.',
    501: 'The gateway has no API_KEY_HMAC_SECRET, so it issues no keys (MANAGED_KEYS_DISABLED).',
    503:
      'Redis, which holds the managed keys, does not answer: the keys cannot be read or written ' +
      '(STORE_UNAVAILABLE), or the managed key sent cannot be checked (AUTH_UNAVAILABLE); see Retry-After.',
  },
};

const pageQuery = listQuery({ createdAt: 'createdAt' }).pick({ limit: true, offset: true });

/** `/admin/keys`: managed API keys, for holders of the `gateway:admin` scope. */
export const keyRoutes: readonly RouteSpec[] = [
  defineRoute({
    ...ADMIN,
    method: 'post',
    path: '/admin/keys',
    operationId: 'createApiKey',
    summary: 'Issue a managed API key',
    description: 'The answer holds the key itself; it is never shown again.',
    body: createBody,
    status: 201,
    response: { description: 'The new key.', schema: newKeySchema },
    errors: [501],
    async handle({ body, keys, mayGrant }) {
      const expiresAt = body.expiresAt === undefined ? undefined : new Date(body.expiresAt);
      if (expiresAt && expiresAt.getTime() <= Date.now()) {
        throw new ValidationError([
          { in: 'body', name: 'expiresAt', message: 'must be in the future' },
        ]);
      }
      mayGrant(body);
      const created = await keys.create({ ...body, expiresAt: expiresAt?.toISOString() });
      return { ...keyView(created.record, Date.now()), key: created.key };
    },
  }),
  defineRoute({
    ...ADMIN,
    method: 'get',
    path: '/admin/keys',
    operationId: 'listApiKeys',
    summary: 'List managed API keys, newest first',
    query: pageQuery,
    response: { description: 'One page of keys.', schema: pageSchema(keyViewSchema, 'ApiKeyPage') },
    async handle({ query, keys }) {
      const all = await keys.list();
      const now = Date.now();
      return {
        items: all.slice(query.offset, query.offset + query.limit).map((r) => keyView(r, now)),
        total: all.length,
        limit: query.limit,
        offset: query.offset,
      };
    },
  }),
  defineRoute({
    ...ADMIN,
    method: 'get',
    path: '/admin/keys/{id}',
    operationId: 'getApiKey',
    summary: 'Read a managed API key',
    params: idParams,
    response: { description: 'The key, without its secret.', schema: keyViewSchema },
    errors: [404],
    async handle({ params, keys }) {
      return keyView(await keys.get(params.id), Date.now());
    },
  }),
  defineRoute({
    ...ADMIN,
    method: 'delete',
    path: '/admin/keys/{id}',
    operationId: 'revokeApiKey',
    summary: 'Revoke a managed API key',
    description:
      'Every gateway instance refuses the key within 5 seconds (at once when the revocation ' +
      'message reaches it). Revoking a revoked key changes nothing.',
    params: idParams,
    status: 204,
    response: { description: 'Revoked.' },
    errors: [404],
    async handle({ params, keys }) {
      await keys.revoke(params.id);
    },
  }),
  defineRoute({
    ...ADMIN,
    method: 'post',
    path: '/admin/keys/{id}/rotations',
    operationId: 'rotateApiKey',
    summary: 'Rotate a managed API key',
    description:
      'Issues a new key with the same name, scopes and expiry. The old key keeps working until ' +
      'its `graceUntil` (answered under `previous`), then is refused.',
    params: idParams,
    body: rotationBody,
    status: 201,
    response: {
      description: 'The new key, and the old one with its end of grace.',
      schema: newKeySchema.extend({ previous: keyViewSchema }).meta({ id: 'ApiKeyRotation' }),
    },
    errors: [404, 409, 501],
    async handle({ params, body, keys, mayGrant }) {
      // The new key carries the old one's grants, and its value goes to the caller: only a
      // caller who could have made such a key may rotate it.
      mayGrant(await keys.get(params.id));
      const rotated = await keys.rotate(params.id, body?.graceSeconds);
      const now = Date.now();
      return {
        ...keyView(rotated.record, now),
        key: rotated.key,
        previous: keyView(rotated.previous, now),
      };
    },
  }),
];
