import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createGatewayClient,
  GatewayProblem,
  ok,
  type components,
  type GatewayClient,
  type ProblemCode,
} from '@navixy-panel-gateway/client';

/**
 * The typed client package (`packages/client`) against `npm run demo`'s gateway, over real
 * sockets: what an internal app does with it — list, read, change, and an error it can switch on.
 */
let demo: ChildProcess;
let client: GatewayClient;

beforeAll(async () => {
  demo = spawn(process.execPath, ['--import', 'tsx', 'src/demo.ts'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let baseUrl: string | undefined;
  let apiKey: string | undefined;
  for await (const line of createInterface({ input: demo.stdout! })) {
    baseUrl ??= /demo on (http:\/\/\S+)/.exec(line)?.[1];
    apiKey ??= /^\s+(npg_[\w-]{43})\s*$/.exec(line)?.[1];
    if (line.includes('Stop with')) break;
  }
  if (!baseUrl || !apiKey) throw new Error('the demo printed no address or key');
  client = createGatewayClient({ baseUrl, apiKey });
}, 60_000);
afterAll(() => {
  demo.kill('SIGTERM');
});

describe('the typed client against the demo gateway', () => {
  it('lists users, typed by the schema', async () => {
    const page = await ok(
      client.GET('/v1/users', { params: { query: { limit: 3, sort: 'lastName' } } }),
    );
    expectTypeOf(page).toEqualTypeOf<components['schemas']['UserPage']>();
    expect(page.items).toHaveLength(3);
    expect(page.items[0]).toMatchObject({ id: expect.any(Number), login: expect.any(String) });
  });

  it('reads one user and changes it with PATCH, then reads the change back', async () => {
    const [first] = (await ok(client.GET('/v1/users', { params: { query: { limit: 1 } } }))).items;
    const id = String(first!.id);
    const user = await ok(client.GET('/v1/users/{id}', { params: { path: { id } } }));
    expectTypeOf(user).toEqualTypeOf<components['schemas']['UserDetail']>();
    expect(user.id).toBe(first!.id);

    const comment = `changed by the typed client ${Date.now()}`;
    const patched = await ok(
      client.PATCH('/v1/users/{id}', { params: { path: { id } }, body: { comment } }),
    );
    expect(patched).toMatchObject({ id: user.id, comment });
    const again = await ok(client.GET('/v1/users/{id}', { params: { path: { id } } }));
    expect(again).toMatchObject({ comment, login: user.login });
  });

  it('rejects with a GatewayProblem carrying the status and the problem code', async () => {
    const failure = await client
      .GET('/v1/users/{id}', { params: { path: { id: '999999999' } } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayProblem);
    const problem = failure as GatewayProblem;
    expectTypeOf(problem.code).toEqualTypeOf<ProblemCode>();
    expect(problem).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(problem.problem).toMatchObject({ status: 404, requestId: expect.any(String) });
    expect(problem.requestId).toBe(problem.problem.requestId);
  });
});
