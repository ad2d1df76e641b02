import { PANEL_CONTRACT, type Simulator } from '@navixy-panel-gateway/simulator';
import { BASE, jsonSchemaOf, synthesize, type Variant } from '../../tools/synthesize.js';
import { catalogPermissions } from './panel-caller.js';
import { tinyServer, type TinyServer } from './tiny-server.js';

/** The session hash the fake Panel hands out (a secret the log scan looks for). */
export const FAKE_HASH = 'f'.repeat(32);

export interface FakeCall {
  action: string;
  params: Record<string, unknown>;
  /** The body answered. */
  answer: unknown;
}

/**
 * A Panel API on 127.0.0.1:0 that answers every action with a body synthesized from the
 * simulator's schema of Navixy's published contract (`PANEL_CONTRACT`), in the current
 * `variant`, or from the older shape's schema where there is one and `legacy` is set. It checks
 * nothing: the point is what the gateway makes of answers that fit the contract.
 */
export interface FakePanel {
  server: TinyServer;
  /** A stand-in for the harness's simulator: its URL, nothing to control. */
  sim: Simulator;
  variant: Variant;
  legacy: boolean;
  calls: FakeCall[];
  /** Answers of one action replaced, for the current test. */
  override: Map<string, (params: Record<string, unknown>) => unknown>;
  close(): Promise<void>;
}

const schemas = new Map<string, Record<string, unknown>>();
function schemaOf(action: string, legacy: boolean): Record<string, unknown> | undefined {
  const key = `${legacy ? 'legacy' : 'official'}:${action}`;
  if (!schemas.has(key)) {
    const contract = PANEL_CONTRACT[action];
    const schema = legacy ? (contract?.legacyAnswer ?? contract?.answer) : contract?.answer;
    if (schema) schemas.set(key, jsonSchemaOf(schema));
  }
  return schemas.get(key);
}

/** The JSON Schemas of the answers of `action`, the older shape's too when there is one. */
export function answerSchemas(action: string): Record<string, unknown>[] {
  const contract = PANEL_CONTRACT[action];
  return [contract?.answer, contract?.legacyAnswer].flatMap((s) => (s ? [jsonSchemaOf(s)] : []));
}

export async function startFakePanel(): Promise<FakePanel> {
  const fake: FakePanel = {
    variant: BASE,
    legacy: false,
    calls: [],
    override: new Map(),
  } as unknown as FakePanel;
  fake.server = await tinyServer((req, res, text) => {
    const action = (req.url ?? '').replace(/^\/v2\/panel\//, '').replace(/\?.*$/, '');
    const params = parseParams(text);
    const reply = (status: number, body: unknown, type = 'application/json') => {
      fake.calls.push({ action, params, answer: body });
      res
        .writeHead(status, { 'content-type': type })
        .end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const override = fake.override.get(action);
    if (override) return reply(200, override(params));
    if (action === 'account/auth') {
      return reply(200, { success: true, hash: FAKE_HASH, permissions: catalogPermissions() });
    }
    if (action === 'user/export') return reply(200, 'id;login\n1;a@example.com\n', 'text/csv');
    // Reference §7 `menu-items`: where the older shapes rule, this path is no action (112).
    if (action === 'user/menu/item/list' && fake.legacy) {
      return reply(400, { success: false, status: { code: 112, description: 'Wrong method' } });
    }
    const schema = schemaOf(action, fake.legacy);
    if (!schema) {
      return reply(400, { success: false, status: { code: 112, description: 'Wrong method' } });
    }
    reply(200, synthesize(schema, fake.variant));
  });
  fake.sim = {
    url: fake.server.url,
    control: { sessionHashes: () => [FAKE_HASH] },
    close: () => fake.server.close(),
  } as unknown as Simulator;
  fake.close = () => fake.server.close();
  return fake;
}

/** JSON bodies as parsed; a multipart body's text fields are not needed here. */
function parseParams(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
