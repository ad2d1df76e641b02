import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShapeCase, Simulator } from '../src/index.js';
import { individualForm } from './fixtures.js';
import { call, startLoggedIn } from './helpers.js';
import type { Json } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

/** Runs `work` with `cases` answered the older way, then back to the published shapes. */
async function withLegacy<T>(cases: readonly ShapeCase[], work: () => Promise<T>): Promise<T> {
  simulator.control.setLegacyShapes(cases);
  try {
    return await work();
  } finally {
    simulator.control.setLegacyShapes([]);
  }
}

const USER = 371330;

async function readUser(): Promise<Json> {
  return (await call(simulator, 'user/read', { hash, user_id: USER })).body;
}

/** `user/update` sends the whole record back (§5.6), with the given discount. */
async function updateDiscount(discount: unknown): Promise<Json> {
  const { value } = await readUser();
  return call(simulator, 'user/update', { hash, user: value, discount });
}

const PUBLISHED = { percent: 7.5, end_date: '2031-05-31', device_limit: 3 };
const OLDER = {
  value: 7.5,
  min_trackers: 3,
  end_date: '2031-05-31',
  strategy: 'sum_with_progressive',
};

describe('a discount written in either shape (reference §7 `discount`)', () => {
  for (const mode of [[], ['discount']] as const) {
    const modeName = mode.length === 0 ? 'published' : 'older';

    it(`takes the [SPEC] shape while answering the ${modeName} one, and reads it back both ways`, async () => {
      const answer = await withLegacy(mode, () => updateDiscount(PUBLISHED));
      expect(answer.body).toEqual({ success: true });
      expect((await readUser()).discount).toEqual(PUBLISHED);
      const older = await withLegacy(['discount'], readUser);
      // No strategy was written: it reads back as the [UI]'s `no_summing`.
      expect(older.discount).toEqual({ ...OLDER, strategy: 'no_summing' });
    });

    it(`takes the [MD] shape while answering the ${modeName} one, and reads it back both ways`, async () => {
      const answer = await withLegacy(mode, () => updateDiscount(OLDER));
      expect(answer.body).toEqual({ success: true });
      expect((await readUser()).discount).toEqual(PUBLISHED);
      expect((await withLegacy(['discount'], readUser)).discount).toEqual(OLDER);
    });
  }

  it('takes null device_limit and end_date as none, and a null discount as no discount', async () => {
    await updateDiscount({ percent: 2, end_date: null, device_limit: null });
    expect((await readUser()).discount).toEqual({ percent: 2 });
    expect((await withLegacy(['discount'], readUser)).discount).toEqual({
      value: 2,
      min_trackers: 0,
      strategy: 'no_summing',
    });
    await updateDiscount(null);
    expect(await readUser()).not.toHaveProperty('discount');
  });

  it('resets the discount when an update omits it: the record is replaced (§5.6)', async () => {
    await updateDiscount(OLDER);
    const { value } = await readUser();
    await withLegacy(['discount'], () => call(simulator, 'user/update', { hash, user: value }));
    expect(await readUser()).not.toHaveProperty('discount');
  });

  it('answers 7 for an older discount without min_trackers or with a bad strategy', async () => {
    const answer = await updateDiscount({ value: 5, strategy: 'greedy' });
    expect(answer.body.errors).toEqual([
      { parameter: 'discount.min_trackers', error: 'Required parameter is missing' },
      { parameter: 'discount.strategy', error: expect.stringContaining('Should be one of') },
    ]);
  });

  it('creates a user with either shape in the form transport too', async () => {
    const created = await call(
      simulator,
      'user/create',
      {
        hash,
        user: individualForm('writes@example.com'),
        password: 'Writes-Pa55word!',
        locale: 'en',
        time_zone: 'UTC',
        discount: OLDER,
      },
      { transport: 'form' },
    );
    const read = await call(simulator, 'user/read', { hash, user_id: created.body.id });
    expect(read.body.discount).toEqual(PUBLISHED);
  });
});

const ITEM = {
  title: 'common.menu.chat',
  icon: 'chat',
  tabs: [{ title: 'common.menu.chat', destination: 'chat' }],
};

async function footerOf(id: number): Promise<Json> {
  const list = await call(simulator, 'user/menu/preset/list', { hash });
  return list.body.list.find((entry: Json) => entry.preset.id === id).preset.footer;
}

describe('a menu preset footer written in either shape (reference §7 `preset-footer`)', () => {
  it('takes [MD]\u2019s item array while answering the published group, and reads it back both ways', async () => {
    const created = await call(simulator, 'user/menu/preset/create', {
      hash,
      preset: { title: 'Older footer', footer: [ITEM] },
    });
    const id = created.body.id as number;
    expect(await footerOf(id)).toEqual({ items: [ITEM] });
    expect(await withLegacy(['preset-footer'], () => footerOf(id))).toEqual([ITEM]);
  });

  it('takes [SPEC]\u2019s group while answering the older array, and keeps its title', async () => {
    const id = await withLegacy(['preset-footer'], async () => {
      const created = await call(simulator, 'user/menu/preset/create', {
        hash,
        preset: { title: 'Published footer', footer: { title: 'common.menu.help', items: [ITEM] } },
      });
      expect(await footerOf(created.body.id as number)).toEqual([ITEM]);
      return created.body.id as number;
    });
    expect(await footerOf(id)).toEqual({ title: 'common.menu.help', items: [ITEM] });
    const updated = await withLegacy(['preset-footer'], () =>
      call(simulator, 'user/menu/preset/update', {
        hash,
        preset: { id, title: 'Published footer', footer: [] },
      }),
    );
    expect(updated.body).toEqual({ success: true });
    expect(await footerOf(id)).toEqual({ items: [] });
  });
});
