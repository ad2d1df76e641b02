import { parseArgs } from 'node:util';
import { apiKeyEntrySchema } from '../config.js';
import { generateApiKey, sha256Hex } from './api-keys.js';

const USAGE = `Usage:
  npm run keys -- create --name NAME --scope CATEGORY:OPERATION [--scope ...]
  npm run keys -- hash            (reads a key on stdin, prints its sha256)

Scopes are Navixy permissions, e.g. base:get_dealer_info users:read trackers:read (users:* for all).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'hash') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    console.log(sha256Hex(Buffer.concat(chunks).toString('utf8').trim()));
    return 0;
  }
  if (command !== 'create') {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const key = generateApiKey();
  const entry = apiKeyEntrySchema.safeParse({
    name: values.name,
    sha256: sha256Hex(key),
    scopes: values.scope ?? [],
  });
  if (!entry.success) {
    for (const issue of entry.error.issues) {
      console.error(`${issue.path.join('.') || 'input'}: ${issue.message}`);
    }
    console.error(`\n${USAGE}`);
    return 2;
  }
  console.log(`New API key for "${entry.data.name}" (shown once; store it now):\n\n  ${key}\n`);
  console.log('Add this entry to the JSON array in API_KEYS_FILE:\n');
  console.log(`  ${JSON.stringify(entry.data)}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
