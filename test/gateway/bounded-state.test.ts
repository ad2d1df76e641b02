import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPanelSessions } from '../../src/panel/panel-sessions.js';
import type { PanelSession } from '../../src/panel/session-manager.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/**
 * Made-up input must not grow what the gateway keeps: metrics series, Redis keys, Redis
 * subscriptions, upstream calls. Forty requests with sub-dealer ids the dealer does not have.
 */
const TOKEN = 'bounded-metrics-token-0123';
const MADE_UP = Array.from({ length: 40 }, (_, i) => String(900_000 + i));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ name: 'bounded', settings: { METRICS_TOKEN: TOKEN } });
  await h.client(h.key).get('/v1/dealer').expect(200);
});
afterAll(() => h.close());

const asSubdealer = (id: string) => h.client(h.key).get('/v1/dealer').set('X-Subdealer-Id', id);
const series = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(`${name}{`));

describe('made-up X-Subdealer-Id values', () => {
  beforeAll(async () => {
    for (const id of MADE_UP) await asSubdealer(id).expect(404);
  });

  it('cost one upstream call each, then are remembered as unknown for a while', async () => {
    expect(h.sim.control.calls('subpaas/session/create')).toBe(MADE_UP.length);
    for (const id of MADE_UP) {
      const res = await asSubdealer(id).expect(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', upstream: { code: 201 } });
    }
    expect(h.sim.control.calls('subpaas/session/create')).toBe(MADE_UP.length);
  });

  it('add no metrics series: the account is the configured one', async () => {
    const res = await h.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    const account = h.gateway.panel.dealerId;
    expect(series(res.text, 'npg_circuit_state')).toEqual([
      `npg_circuit_state{account="${account}"} 0`,
    ]);
    expect(series(res.text, 'npg_upstream_limiter_queue_length')).toEqual([
      `npg_upstream_limiter_queue_length{account="${account}"} 0`,
    ]);
    // No label value anywhere names a made-up id (a sample's value may hold those digits).
    const labels = [...res.text.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]).join('\n');
    for (const id of MADE_UP) expect(labels).not.toContain(id);
  });

  it('leave no Redis key without an expiry, and no subscription per id', async () => {
    const keys = await h.redis.keys(`${h.prefix}*`);
    const lasting: string[] = [];
    for (const key of keys) if ((await h.redis.pttl(key)) < 0) lasting.push(key);
    // Managed API keys are records that must live; nothing else may.
    expect(lasting.filter((key) => !key.startsWith(`${h.prefix}apikeys:`))).toEqual([]);
    const channels = (await h.redis.pubsub('CHANNELS', `${h.prefix}*`)) as string[];
    expect(channels.filter((channel) => channel.includes('login-events'))).toHaveLength(1);
  });
});

describe('sub-dealer sessions kept in memory', () => {
  it('are bounded, the least recently used going first', () => {
    const made: number[] = [];
    const stub = (id: string): PanelSession => ({
      dealerId: id,
      call: () => Promise.resolve({}),
      download: () => Promise.reject(new Error('unused')),
      upload: () => Promise.resolve({}),
      ensureSession: () => Promise.resolve(),
    });
    const sessions = createPanelSessions({
      main: stub('dealer'),
      create: (account) => {
        made.push(Number(account.id.split(':').at(-1)));
        return stub(account.id);
      },
      maxSubdealers: 2,
    });
    const first = sessions.subdealer(1);
    sessions.subdealer(2);
    expect(sessions.subdealer(1)).toBe(first); // used again: now the most recent
    sessions.subdealer(3); // drops 2, the least recently used
    expect(sessions.subdealer(1)).toBe(first);
    sessions.subdealer(2);
    expect(made).toEqual([1, 2, 3, 2]);
  });
});
