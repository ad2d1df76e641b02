import { describe, expect, it } from 'vitest';
import type { PanelClient } from '../../src/panel/client.js';
import {
  PanelError,
  UpstreamBadResponseError,
  UpstreamCircuitOpenError,
  UpstreamDeadlineError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from '../../src/panel/errors.js';
import { backoffMs, classifyFailure, isRetryable, retryingClient } from '../../src/panel/retry.js';
import { captureLogs } from '../helpers/logs.js';

const panelError = (navixyCode: number, httpStatus: number) =>
  new PanelError({ action: 'user/read', navixyCode, description: 'x', httpStatus, errors: [] });

const reset = () => new UpstreamUnreachableError('a', new Error('socket hang up'));
const refused = () => new UpstreamUnreachableError('a', new Error('ECONNREFUSED'), 'no');

describe('classifyFailure', () => {
  it.each([
    ['a deadline passed before sending', new UpstreamDeadlineError('a'), 'local'],
    ['an open circuit', new UpstreamCircuitOpenError('a', 3), 'local'],
    ['a refused connection', refused(), 'unsent'],
    ['a connect timeout', new UpstreamTimeoutError('a', 10, undefined, 'no'), 'unsent'],
    ['a reset after sending', reset(), 'transport'],
    ['a timeout after sending', new UpstreamTimeoutError('a', 10), 'transport'],
    ['a 503 error page', new UpstreamBadResponseError('a', 503, 'html'), 'unavailable'],
    ['a 200 error page', new UpstreamBadResponseError('a', 200, 'html'), 'malformed'],
    ['Navixy code 1 (HTTP 500)', panelError(1, 500), 'unavailable'],
    ['Navixy code 15', panelError(15, 429), 'rate-limited'],
    ['Navixy code 7', panelError(7, 400), 'answered'],
    ['Navixy code 4', panelError(4, 400), 'answered'],
  ])('calls %s %s', (_name, error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });
});

describe('isRetryable', () => {
  it('retries reads after any upstream fault but not after an answer or a local refusal', () => {
    for (const kind of ['unsent', 'transport', 'unavailable', 'rate-limited'] as const) {
      expect(isRetryable(kind, 'user/read')).toBe(true);
    }
    for (const kind of ['local', 'malformed', 'answered'] as const) {
      expect(isRetryable(kind, 'user/read')).toBe(false);
    }
  });

  it('retries writes only when Navixy provably did not run them', () => {
    expect(isRetryable('unsent', 'user/update')).toBe(true);
    expect(isRetryable('rate-limited', 'user/update')).toBe(true);
    expect(isRetryable('transport', 'user/update')).toBe(false);
    expect(isRetryable('unavailable', 'user/update')).toBe(false);
    expect(isRetryable('transport', 'no/such_action')).toBe(false); // unknown: assumed a write
  });
});

describe('backoffMs', () => {
  it('draws a delay below base·2^retry, capped', () => {
    expect(backoffMs(0, { baseMs: 100, random: () => 0.999 })).toBe(99);
    expect(backoffMs(2, { baseMs: 100, random: () => 0.5 })).toBe(200);
    expect(backoffMs(10, { baseMs: 100, maxMs: 1_000, random: () => 0.5 })).toBe(500);
    expect(backoffMs(3, { random: () => 0 })).toBe(0);
  });
});

/** A client whose call fails with the queued errors, then answers `{ok: true}`. */
function failingClient(errors: Error[]) {
  const sent: string[] = [];
  const client: PanelClient = {
    call: (action) => {
      sent.push(action);
      const error = errors.shift();
      return error ? Promise.reject(error) : Promise.resolve({ ok: true });
    },
    download: () => Promise.reject(new Error('unused')),
    upload: () => Promise.reject(new Error('unused')),
  };
  return { client, sent };
}

const retrying = (client: PanelClient, retries = 2) =>
  retryingClient(client, {
    retries,
    logger: captureLogs().logger,
    dealerId: 'test',
    baseMs: 5,
  });

describe('retryingClient', () => {
  it('sends a read again after resets, at most twice', async () => {
    const twice = failingClient([reset(), reset()]);
    await expect(retrying(twice.client).call('user/read', {})).resolves.toEqual({ ok: true });
    expect(twice.sent).toHaveLength(3);

    const thrice = failingClient([reset(), reset(), reset()]);
    await expect(retrying(thrice.client).call('user/read', {})).rejects.toBeInstanceOf(
      UpstreamUnreachableError,
    );
    expect(thrice.sent).toHaveLength(3);
  });

  it('never sends a write again after a reset, but does after a refused connection or a 15', async () => {
    const afterReset = failingClient([reset()]);
    await expect(retrying(afterReset.client).call('user/update', {})).rejects.toThrow();
    expect(afterReset.sent).toHaveLength(1);

    const afterRefusal = failingClient([refused(), panelError(15, 429)]);
    await expect(retrying(afterRefusal.client).call('user/update', {})).resolves.toEqual({
      ok: true,
    });
    expect(afterRefusal.sent).toHaveLength(3);
  });

  it('gives up when the back-off would end past the deadline', async () => {
    const late = failingClient([reset()]);
    const client = retryingClient(late.client, {
      retries: 2,
      logger: captureLogs().logger,
      dealerId: 'test',
      baseMs: 1_000,
      random: () => 0.9,
    });
    const deadline = Date.now() + 500;
    await expect(client.call('user/read', {}, { deadline })).rejects.toBeInstanceOf(
      UpstreamUnreachableError,
    );
    expect(late.sent).toHaveLength(1);
  });

  it('does not retry with UPSTREAM_RETRIES=0', async () => {
    const once = failingClient([reset()]);
    await expect(retrying(once.client, 0).call('user/read', {})).rejects.toThrow();
    expect(once.sent).toHaveLength(1);
  });
});
