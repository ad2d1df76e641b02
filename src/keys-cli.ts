#!/usr/bin/env node
// The `npg-keys` command (package.json `bin`): compiled, it runs with node alone, as in the image.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { apiKeyEntrySchema } from './auth/key-entry.js';
import { loadKeyStoreConfig } from './config/load.js';
import { GatewayError } from './problems/gateway-error.js';
import { openRedis } from './store/redis-connection.js';
import { createRedisStore } from './store/redis-store.js';
import { generateApiKey, sha256Hex } from './auth/key-format.js';
import { createKeyAdmin, type KeyAdmin } from './auth/key-admin.js';
import { keyView } from './auth/key-records.js';
import { createKeyHasher } from './auth/key-format.js';

const USAGE = `Usage (from a checkout: npm run keys -- COMMAND ...):
  npg-keys create --name NAME --scope CATEGORY:OPERATION [--scope ...] [--accounts ID,ID]
                  [--expires ISO-8601] [--rate-limit COUNT/WINDOW]   (e.g. 600/60s, off)
  npg-keys list
  npg-keys revoke KEY_ID
  npg-keys rotate KEY_ID [--grace-seconds N]
  npg-keys create --file-entry --name NAME --scope ... [--accounts ID,ID] [--rate-limit ...]
                                                   (a key for API_KEYS_FILE)
  npg-keys hash            (reads a key on stdin, prints its sha256)

Managed keys live in Redis: REDIS_URL (or REDIS_SENTINELS or REDIS_CLUSTER_NODES, and the
other REDIS_* settings), REDIS_KEY_PREFIX and (to create or rotate)
API_KEY_HMAC_SECRET or API_KEY_HMAC_SECRET_FILE, as for the gateway.
Scopes are Navixy permissions, e.g. base:get_dealer_info users:read trackers:read (users:* for
all), and gateway:admin for the /admin routes; unknown ones are refused. The key may get any
scope: this command works with Redis access, not as a caller of /admin.
--accounts names the Panel accounts the key may use (* for all); without it, the default one.`;

const OPTIONS = {
  name: { type: 'string' },
  scope: { type: 'string', multiple: true },
  accounts: { type: 'string' },
  expires: { type: 'string' },
  'rate-limit': { type: 'string' },
  'grace-seconds': { type: 'string' },
  'file-entry': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

const newKeyInput = apiKeyEntrySchema
  .pick({ name: true, scopes: true, accounts: true, rateLimit: true })
  .extend({
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  });
const graceSeconds = z.coerce
  .number()
  .int()
  .min(0)
  .max(30 * 86_400)
  .optional();

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'hash') return hash();
  if (command === 'create' && values['file-entry']) return fileEntry(values);
  const action = managedAction(command, id, values);
  await withKeyAdmin(action);
  return 0;
}

/** What a managed-key command does, its input checked before Redis is contacted. */
function managedAction(
  command: string,
  id: string | undefined,
  values: Values,
): (keys: KeyAdmin) => Promise<void> {
  if (command === 'list') {
    return async (keys) => {
      const now = Date.now();
      for (const record of await keys.list()) console.log(JSON.stringify(keyView(record, now)));
    };
  }
  if (command === 'create') {
    const input = parse(newKeyInput, {
      name: values.name,
      scopes: values.scope ?? [],
      accounts: accountsOption(values),
      expiresAt: values.expires,
      rateLimit: values['rate-limit'],
    });
    return async (keys) => {
      const { record, key } = await keys.create(input);
      console.log(`New API key ${record.id} for "${record.name}" (shown once; store it now):\n`);
      console.log(`  ${key}`);
    };
  }
  if (command !== 'revoke' && command !== 'rotate') {
    throw new UsageError(`Unknown command "${command}".`);
  }
  if (!id) throw new UsageError(`"${command}" needs a key id (see "list").`);
  if (command === 'revoke') {
    return async (keys) => {
      const record = await keys.revoke(id);
      console.log(`Revoked ${record.id} (${record.name}).`);
    };
  }
  const grace = parse(graceSeconds, values['grace-seconds']);
  return async (keys) => {
    const { record, key, previous } = await keys.rotate(id, grace);
    console.log(`New API key ${record.id} for "${record.name}" (shown once; store it now):\n`);
    console.log(`  ${key}\n`);
    console.log(`The old key ${previous.id} stays valid until ${previous.graceUntil}.`);
  };
}

async function hash(): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  console.log(sha256Hex(Buffer.concat(chunks).toString('utf8').trim()));
  return 0;
}

/** The file mode of before managed keys: a key and the entry to paste into API_KEYS_FILE. */
function fileEntry(values: Values): number {
  const key = generateApiKey();
  const entry = parse(apiKeyEntrySchema, {
    name: values.name,
    sha256: sha256Hex(key),
    scopes: values.scope ?? [],
    accounts: accountsOption(values),
    rateLimit: values['rate-limit'],
  });
  console.log(`New API key for "${entry.name}" (shown once; store it now):\n\n  ${key}\n`);
  console.log('Add this entry to the JSON array in API_KEYS_FILE:\n');
  console.log(`  ${JSON.stringify(entry)}`);
  return 0;
}

/** `--accounts a,b`: a comma-separated list; absent: the default account only. */
function accountsOption(values: Values): string[] | undefined {
  return values.accounts
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

async function withKeyAdmin(run: (keys: KeyAdmin) => Promise<void>): Promise<void> {
  const config = loadKeyStoreConfig(process.env, (path) => readFileSync(path, 'utf8'));
  if (!config.redis) {
    throw new UsageError(
      'Set REDIS_URL (or REDIS_SENTINELS, or REDIS_CLUSTER_NODES): managed keys live in Redis.',
    );
  }
  // Connected first, so that an unreachable Redis is one clear error, not a failed command.
  const redis = openRedis(config.redis, () => undefined, { lazyConnect: true });
  await redis.connect();
  const store = createRedisStore(redis, config.redisKeyPrefix);
  const { hmacSecret, rotationGraceSeconds } = config.managedKeys;
  const hasher = hmacSecret === undefined ? undefined : createKeyHasher(hmacSecret);
  try {
    await run(createKeyAdmin({ store, hasher, rotationGraceSeconds }));
  } finally {
    await store.close();
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
  throw new UsageError(lines.join('\n'));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof GatewayError) console.error(error.detail);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
