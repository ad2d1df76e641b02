import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';
import { older, SHAPE_MODES } from '../helpers/shapes.js';

const readOnly = makeKey('plan-defaults-read-only', ['tariffs:read']);
let h: Harness;
const as = (key: string) => h.client(key);
let api: ReturnType<typeof as>;

describe.each(SHAPE_MODES)('with %s', (_mode, legacy) => {
  beforeAll(async () => {
    h = await startHarness({
      name: 'plans-defaults',
      keys: [readOnly],
      simulatorOptions: { legacyShapes: legacy },
    });
    api = as(h.key);
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.control.resetCounters());

  const upstreamActions = () =>
    h.sim.control
      .callLog()
      .map((c) => c.action)
      .filter((action) => action !== 'account/auth');
  const sent = (action: string) =>
    h.sim.control.callLog().findLast((c) => c.action === action)?.params;

  describe('/v1/plans/defaults', () => {
    const CAMERA = { planId: 21968, activationBonus: 0, freeDays: 0, freeDaysDeviceLimit: null };

    /**
     * The camera defaults as Navixy keeps them. [SPEC] answers only `tracker` (§7
     * `tariff-defaults-camera`): with the published shapes they are read by asking for the older one.
     */
    async function storedCamera() {
      if (!older(legacy)) h.sim.control.setLegacyShapes(['tariff-defaults-camera']);
      const res = await api.get('/v1/plans/defaults').expect(200);
      h.sim.control.setLegacyShapes(legacy);
      return res.body.camera as unknown;
    }

    it('answers the defaults per device type', async () => {
      const res = await api.get('/v1/plans/defaults').expect(200);
      expect(res.body).toEqual({
        tracker: { planId: 12163, activationBonus: 0, freeDays: 14, freeDaysDeviceLimit: 3 },
        camera: older(legacy) ? CAMERA : null,
      });
      expectDocumented(res, 'get', '/v1/plans/defaults');
    });

    it('PATCH keeps what it does not name; concurrent patches both survive', async () => {
      h.sim.control.setLatency(30, 'tariff/defaults/read');
      await Promise.all([
        api.patch('/v1/plans/defaults', { tracker: { freeDays: 30 } }).expect(200),
        older(legacy)
          ? api.patch('/v1/plans/defaults', { camera: { activationBonus: 2 } }).expect(200)
          : api.patch('/v1/plans/defaults', { tracker: { activationBonus: 2 } }).expect(200),
      ]);
      h.sim.control.setLatency(0);
      const res = await api.get('/v1/plans/defaults').expect(200);
      expect(res.body.tracker).toMatchObject({
        planId: 12163,
        freeDays: 30,
        freeDaysDeviceLimit: 3,
      });
      if (older(legacy)) {
        expect(res.body.camera).toMatchObject({ planId: 21968, activationBonus: 2 });
      } else {
        expect(res.body.tracker).toMatchObject({ activationBonus: 2 });
        // Camera defaults the gateway never saw are not touched...
        expect(await storedCamera()).toEqual(CAMERA);
        // ...and a patch of them needs them whole, as there is nothing to merge into.
        const partial = await api
          .patch('/v1/plans/defaults', { camera: { activationBonus: 2 } })
          .expect(400);
        expect(partial.body.errors.map((e: { name: string }) => e.name)).toEqual(
          expect.arrayContaining(['camera.planId', 'camera.freeDays']),
        );
      }
    });

    it('PUT replaces a device type\u2019s defaults, giving back the others as read', async () => {
      const before = (await api.get('/v1/plans/defaults').expect(200)).body;
      const camera = await storedCamera();
      const tracker = { planId: 13457, activationBonus: 1, freeDays: 5 };
      const res = await api.put('/v1/plans/defaults', { tracker }).expect(200);
      expect(res.body).toEqual({
        tracker: { ...tracker, freeDaysDeviceLimit: null },
        camera: before.camera,
      });
      expectDocumented(res, 'put', '/v1/plans/defaults');
      expect(sent('tariff/defaults/update')).toEqual({
        tracker: { tariff_id: 13457, activation_bonus: 1, free_days: 5 },
        ...(before.camera
          ? {
              camera: {
                tariff_id: before.camera.planId,
                activation_bonus: before.camera.activationBonus,
                free_days: before.camera.freeDays,
              },
            }
          : {}),
      });
      expect(await storedCamera()).toEqual(camera);
    });

    it('answers 404 PLAN_NOT_FOUND and 400 INVALID_PLAN', async () => {
      const missing = await api
        .put('/v1/plans/defaults', { tracker: { planId: 5, activationBonus: 0, freeDays: 0 } })
        .expect(404);
      expect(missing.body).toMatchObject({ code: 'PLAN_NOT_FOUND', upstream: { code: 239 } });
      const camera = await api
        .patch('/v1/plans/defaults', { tracker: { planId: 21968 } })
        .expect(400);
      expect(camera.body).toMatchObject({ code: 'INVALID_PLAN', upstream: { code: 237 } });
    });

    it('validates and checks scopes before anything goes upstream', async () => {
      const bad = await api.put('/v1/plans/defaults', { tracker: { planId: 0 } }).expect(400);
      expect(bad.body.errors.map((e: { name: string }) => e.name)).toEqual(
        expect.arrayContaining(['tracker.planId', 'tracker.activationBonus', 'tracker.freeDays']),
      );
      await as(readOnly.key)
        .patch('/v1/plans/defaults', { tracker: { freeDays: 1 } })
        .expect(403);
      expect(upstreamActions()).toEqual([]);
    });
  });
});
