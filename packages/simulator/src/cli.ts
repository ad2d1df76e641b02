/**
 * `npm run simulator`: runs the Navixy Panel API simulator on its own.
 * Port: `--port N` or `SIMULATOR_PORT` (default 8090); host: `SIMULATOR_HOST` (default
 * 127.0.0.1); session lifetime: `SIMULATOR_SESSION_TTL_SECONDS` (default 24 h); shape cases
 * answered the older way (reference §7): `SIMULATOR_LEGACY_SHAPES`, `all` or names joined by
 * commas (default none).
 */
import { DEFAULT_ACCOUNT, startSimulator } from './index.js';
import type { SimulatorOptions } from './index.js';
import { parseLegacyShapesText } from './shapes.js';

const DEFAULT_PORT = 8090;

function integer(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function legacyShapes(text: string): NonNullable<SimulatorOptions['legacyShapes']> {
  try {
    return parseLegacyShapesText(text);
  } catch (error) {
    throw new RangeError(`SIMULATOR_LEGACY_SHAPES: ${(error as Error).message}`);
  }
}

function portArgument(args: readonly string[]): string | undefined {
  const index = args.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  if (index === -1) return undefined;
  const arg = args[index] ?? '';
  return arg.startsWith('--port=') ? arg.slice('--port='.length) : (args[index + 1] ?? '');
}

function readOptions(args: readonly string[], env: NodeJS.ProcessEnv): SimulatorOptions {
  const portText = portArgument(args) ?? env.SIMULATOR_PORT;
  const ttlText = env.SIMULATOR_SESSION_TTL_SECONDS;
  const shapesText = env.SIMULATOR_LEGACY_SHAPES;
  return {
    port: portText === undefined ? DEFAULT_PORT : integer(portText, 'port', 0, 65535),
    host: env.SIMULATOR_HOST ?? '127.0.0.1',
    ...(ttlText === undefined
      ? {}
      : { sessionTtlMs: integer(ttlText, 'SIMULATOR_SESSION_TTL_SECONDS', 1, 10 ** 9) * 1000 }),
    ...(shapesText === undefined ? {} : { legacyShapes: legacyShapes(shapesText) }),
  };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2), process.env);
  const simulator = await startSimulator(options);
  const { login, password } = DEFAULT_ACCOUNT;
  const body = JSON.stringify({ login, password });
  console.log(`Navixy Panel API simulator listening on ${simulator.url}`);
  console.log(`Log in with login "${login}" and password "${password}", for example:`);
  console.log(
    `  curl -s -X POST '${simulator.url}/account/auth' -H 'Content-Type: application/json' -d '${body}'`,
  );
  console.log(
    `Fault injection: ${new URL('/__control/', simulator.url).href} (see the simulator package README)`,
  );
  const legacy = options.legacyShapes ?? [];
  const older = legacy === 'all' ? 'every case' : legacy.join(', ');
  console.log(
    `Answer shapes: Navixy's published ones${older === '' ? '' : `, older for ${older}`}`,
  );
  const stop = (signal: NodeJS.Signals): void => {
    console.log(`${signal} received, stopping`);
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
