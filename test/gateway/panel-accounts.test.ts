import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panelAccountId } from '../../src/wiring/gateway.js';
import { dealerKeys } from '../../src/panel/login-coordinator.js';
import { DEFAULT_ACCOUNT, startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { ALL_SCOPES, makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { startIssuer, jwtSettings, type TestIssuer } from '../helpers/jwt-issuer.js';

/**
 * Several Panel accounts (`PANEL_ACCOUNTS_FILE`): `default` and `west` are two logins on one
 * simulator, `east` the default's login on another simulator (another host), `north` a login
 * the simulators do not know. Each principal may use some of them, chosen with X-Panel-Account.
 */
const WEST = { login: '30500', password: 'West-Panel-Pa55!', dealerId: 30500 };
const EAST = { login: DEFAULT_ACCOUNT.login, password: 'East-Panel-Pa55!', dealerId: 20410 };

const every = makeKey('every', ALL_SCOPES);
every.entry.accounts = ['*'];
const westOnly = makeKey('west-only', ALL_SCOPES);
westOnly.entry.accounts = ['west'];
const pair = makeKey('default-and-west', ALL_SCOPES);
pair.entry.accounts = ['default', 'west'];
const admin = makeKey('admin', [...ALL_SCOPES, 'gateway:admin']);
admin.entry.accounts = ['*'];

let home: Simulator;
let other: Simulator;
let issuer: TestIssuer;
let h: Harness;

beforeAll(async () => {
  home = await startSimulator({ accounts: [DEFAULT_ACCOUNT, WEST] });
  other = await startSimulator({ accounts: [EAST] });
  issuer = await startIssuer();
  h = await startHarness({
    name: 'panel-accounts',
    simulator: home,
    keys: [every, westOnly, pair, admin],
    settings: { ...jwtSettings(issuer), UPSTREAM_RETRIES: '0' },
    accounts: [
      { id: 'west', login: WEST.login, password: WEST.password },
      { id: 'east', sim: other, login: EAST.login, password: EAST.password },
      { id: 'north', login: '40600', password: 'North-Panel-Pa55!' },
    ],
    secrets: issuer.tokens,
  });
});
afterAll(async () => {
  await h.close();
  await Promise.all([home.close(), other.close(), issuer.close()]);
});

/** Calls that reached either simulator so far. */
const upstreamCalls = () => home.control.callLog().length + other.control.callLog().length;
const logins = (sim: Simulator) =>
  sim.control
    .callLog()
    .filter((call) => call.action === 'account/auth')
    .map((call) => call.params.login);
const dealer = (key: string, account?: string) => {
  const request = h.client(key).get('/v1/dealer');
  return account === undefined ? request : request.set('X-Panel-Account', account);
};

describe('several Panel accounts', () => {
  it('logs each account in once, with its own login on its own host', async () => {
    const answers = await Promise.all(
      ['default', 'west', 'east'].flatMap((account) =>
        Array.from({ length: 4 }, () => dealer(every.key, account)),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    expect(logins(home).sort()).toEqual([DEFAULT_ACCOUNT.login, WEST.login]);
    expect(logins(other)).toEqual([EAST.login]);
  });

  it('keeps the session of each account under its own login@host in Redis', async () => {
    const sessionKey = (sim: Simulator, login: string) =>
      h.prefix + dealerKeys(panelAccountId(sim.url, login)).session;
    const keys = [
      sessionKey(home, DEFAULT_ACCOUNT.login),
      sessionKey(home, WEST.login),
      sessionKey(other, EAST.login),
    ];
    expect(new Set(keys).size).toBe(3);
    const values = await Promise.all(keys.map((key) => h.redis.get(key)));
    expect(values.every((value) => typeof value === 'string')).toBe(true);
    expect(new Set(values).size).toBe(3);
  });

  it('answers each account with its own data', async () => {
    const west = await dealer(every.key, 'west').expect(200);
    expect(west.body).toMatchObject({ id: WEST.dealerId });
    const before = other.control.calls('dealer/get_info');
    const east = await dealer(every.key, 'east').expect(200);
    expect(east.body).toMatchObject({ id: EAST.dealerId });
    expect(other.control.calls('dealer/get_info')).toBe(before + 1);
    await dealer(every.key, 'default').expect(200, /"id":20410/);
  });

  it('refuses a principal allowed several accounts without the header, calling nothing', async () => {
    const calls = upstreamCalls();
    const refused = await dealer(pair.key).expect(400);
    expect(refused.body).toMatchObject({
      code: 'PANEL_ACCOUNT_REQUIRED',
      status: 400,
      panelAccounts: ['default', 'west'],
    });
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(upstreamCalls()).toBe(calls);
  });

  it('routes a principal allowed one account there without a header', async () => {
    await dealer(westOnly.key).expect(200, /"id":30500/);
    await dealer(h.key).expect(200, /"id":20410/);
  });

  it('answers a forbidden and an unknown account alike, 403 and no upstream call', async () => {
    const calls = upstreamCalls();
    const forbidden = await dealer(westOnly.key, 'east').expect(403);
    const unknown = await dealer(westOnly.key, 'nowhere').expect(403);
    const beyondDefault = await dealer(h.key, 'west').expect(403);
    for (const answer of [forbidden, unknown, beyondDefault]) {
      expect(answer.body).toMatchObject({ code: 'PANEL_ACCOUNT_FORBIDDEN', status: 403 });
    }
    const { requestId: _a, ...first } = forbidden.body as Record<string, unknown>;
    const { requestId: _b, ...second } = unknown.body as Record<string, unknown>;
    expect(first).toEqual(second);
    expect(upstreamCalls()).toBe(calls);
  });

  it('refuses a malformed X-Panel-Account with 400, calling nothing', async () => {
    const calls = upstreamCalls();
    const refused = await dealer(every.key, 'West!').expect(400);
    expect(refused.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ in: 'header', name: 'X-Panel-Account' }],
    });
    expect(upstreamCalls()).toBe(calls);
  });

  it('logs in again on the account whose session ended, and on no other', async () => {
    await dealer(every.key, 'east').expect(200);
    const [homeLogins, otherLogins] = [logins(home).length, logins(other).length];
    other.control.expireSessions();
    await dealer(every.key, 'east').expect(200);
    await dealer(every.key, 'west').expect(200);
    await dealer(every.key, 'default').expect(200);
    expect(logins(other).length).toBe(otherLogins + 1);
    expect(logins(home).length).toBe(homeLogins);
  });

  it('keeps X-Subdealer-Id working within the chosen account', async () => {
    const answer = await dealer(every.key, 'default').set('X-Subdealer-Id', '20501').expect(200);
    expect(answer.body).toMatchObject({ id: 20501 });
    // 20501 is a sub-dealer of the default account's dealer, not of west's.
    const elsewhere = await dealer(every.key, 'west').set('X-Subdealer-Id', '20501');
    expect(elsewhere.status).toBe(404);
    expect(home.control.callLog().at(-1)).toMatchObject({
      action: 'subpaas/session/create',
      params: { subpaas_id: 20501 },
    });
  });

  it('names the chosen account in the audit record and the request log', async () => {
    const created = await h
      .client(every.key)
      .post('/v1/users', {
        login: `west.${Date.now()}@example.com`,
        legalType: 'individual',
        firstName: 'Ada',
        lastName: 'Lovelace',
        password: 'Str0ng-Passw0rd!',
        timeZone: 'Europe/London',
      })
      .set('X-Panel-Account', 'west')
      .expect(201);
    const requestId = created.headers['x-request-id'] as string;
    const [record] = h.audit.records().filter((r) => r.requestId === requestId);
    expect(record).toMatchObject({
      principal: 'file:every',
      account: 'west',
      panelAccount: `${WEST.login}@${new URL(home.url).host}`,
      actions: expect.arrayContaining(['user/create']),
    });
    const [line] = h.logs.records().filter((r) => r.requestId === requestId && r.msg === 'request');
    expect(line).toMatchObject({ account: 'west', status: 201 });
  });

  it('honours the accounts of a managed key, kept in its record and listed', async () => {
    const issued = await h
      .client(admin.key)
      .post('/admin/keys', {
        name: 'east-app',
        scopes: ['base:get_dealer_info'],
        accounts: ['east'],
      })
      .expect(201);
    const body = issued.body as { id: string; key: string; accounts: string[] };
    expect(body.accounts).toEqual(['east']);
    const before = other.control.calls('dealer/get_info');
    await dealer(body.key).expect(200);
    expect(other.control.calls('dealer/get_info')).toBe(before + 1);
    await dealer(body.key, 'default').expect(403, /PANEL_ACCOUNT_FORBIDDEN/);
    const listed = await h.client(admin.key).get(`/admin/keys/${body.id}`).expect(200);
    expect(listed.body).toMatchObject({ accounts: ['east'] });

    const plain = await h
      .client(admin.key)
      .post('/admin/keys', { name: 'plain-app', scopes: ['base:get_dealer_info'] })
      .expect(201);
    expect(plain.body).toMatchObject({ accounts: null });
    await dealer((plain.body as { key: string }).key).expect(200, /"id":20410/);
  });

  it('refuses a managed key whose accounts are not account ids', async () => {
    const refused = await h
      .client(admin.key)
      .post('/admin/keys', { name: 'bad', scopes: ['users:read'], accounts: ['West!'] })
      .expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('honours the accounts claim of a JWT; refuses a malformed one, or several for a bound user', async () => {
    const bearer = async (claims: Record<string, unknown>) =>
      `Bearer ${await issuer.sign({ sub: 'app', scope: 'base:get_dealer_info', ...claims })}`;
    const west = await bearer({ panel_accounts: ['west'] });
    await h.http
      .get('/v1/dealer')
      .set('Authorization', west)
      .expect(200, /"id":30500/);
    const two = await bearer({ panel_accounts: 'west east' });
    await h.http
      .get('/v1/dealer')
      .set('Authorization', two)
      .expect(400, /PANEL_ACCOUNT_REQUIRED/);
    await h.http
      .get('/v1/dealer')
      .set('Authorization', two)
      .set('X-Panel-Account', 'east')
      .expect(200);
    const none = await bearer({});
    await h.http
      .get('/v1/dealer')
      .set('Authorization', none)
      .expect(200, /"id":20410/);
    const bound = await bearer({ navixy_user_id: 371321, panel_accounts: ['west', 'east'] });
    await h.http
      .get('/v1/dealer')
      .set('Authorization', bound)
      .expect(401, /one Panel account/);
    const everywhere = await bearer({ navixy_user_id: 371321, panel_accounts: '*' });
    await h.http
      .get('/v1/me')
      .set('Authorization', everywhere)
      .expect(401, /one Panel account/);
    const bad = await bearer({ panel_accounts: 7 });
    const refused = await h.http.get('/v1/dealer').set('Authorization', bad).expect(401);
    expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('stays ready with one broken account, and names it in the checks', async () => {
    const ready = await h.http.get('/readyz').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      checks: {
        store: 'ok',
        panelSession: 'ok',
        'panelSession:default': 'ok',
        'panelSession:west': 'ok',
        'panelSession:east': 'ok',
        'panelSession:north': 'UPSTREAM_AUTH_FAILED',
      },
    });
  });
});
