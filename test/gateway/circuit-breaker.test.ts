import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitState } from '../../src/panel/circuit-breaker.js';
import {
  PanelError,
  UpstreamCircuitOpenError,
  UpstreamDeadlineError,
  UpstreamUnreachableError,
} from '../../src/panel/errors.js';

const down = () => Promise.reject(new UpstreamUnreachableError('a', undefined, 'no'));
const notFound = () =>
  Promise.reject(
    new PanelError({ action: 'a', navixyCode: 201, description: 'x', httpStatus: 400, errors: [] }),
  );
const up = () => Promise.resolve('ok');

function breaker(threshold = 3, openMs = 10_000) {
  let clock = 1_000_000;
  const states: CircuitState[] = [];
  const b = createCircuitBreaker({
    threshold,
    openMs,
    now: () => clock,
    onStateChange: (state) => states.push(state),
  });
  return { b, states, advance: (ms: number) => (clock += ms) };
}

async function failTimes(b: ReturnType<typeof breaker>['b'], n: number) {
  for (let i = 0; i < n; i += 1) await b.run('a', down).catch(() => undefined);
}

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures and refuses at once with Retry-After', async () => {
    const { b, states, advance } = breaker(3, 10_000);
    await failTimes(b, 2);
    expect(b.state).toBe('closed');
    await failTimes(b, 1);
    expect(b.state).toBe('open');
    expect(states).toEqual(['open']);

    let sent = false;
    advance(2_500);
    const error = await b.run('a', () => ((sent = true), up())).catch((e: unknown) => e);
    expect(sent).toBe(false);
    expect(error).toBeInstanceOf(UpstreamCircuitOpenError);
    expect(error).toMatchObject({ status: 503, headers: { 'Retry-After': '8' } });
  });

  it('does not count Navixy answers or local refusals, and a success starts the count over', async () => {
    const { b } = breaker(3);
    await failTimes(b, 2);
    await b.run('a', notFound).catch(() => undefined);
    await failTimes(b, 2);
    await b.run('a', up);
    await failTimes(b, 2);
    await b.run('a', () => Promise.reject(new UpstreamDeadlineError('a'))).catch(() => undefined);
    expect(b.state).toBe('closed');
    await failTimes(b, 1);
    expect(b.state).toBe('open');
  });

  it('lets one probe through when half-open: success closes, others wait', async () => {
    const { b, states, advance } = breaker(1, 1_000);
    await failTimes(b, 1);
    advance(1_000);
    let release: (value: string) => void = () => undefined;
    const probe = b.run('a', () => new Promise<string>((resolve) => (release = resolve)));
    expect(b.state).toBe('half-open');
    await expect(b.run('a', up)).rejects.toMatchObject({ headers: { 'Retry-After': '1' } });
    release('ok');
    await expect(probe).resolves.toBe('ok');
    expect(b.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
    await expect(b.run('a', up)).resolves.toBe('ok');
  });

  it('opens again for the whole period when the probe fails', async () => {
    const { b, advance } = breaker(5, 1_000);
    await failTimes(b, 5);
    advance(1_000);
    await failTimes(b, 1);
    expect(b.state).toBe('open');
    advance(999);
    await expect(b.run('a', up)).rejects.toBeInstanceOf(UpstreamCircuitOpenError);
    advance(1);
    await expect(b.run('a', up)).resolves.toBe('ok');
  });
});
