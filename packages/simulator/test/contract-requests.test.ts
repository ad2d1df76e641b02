import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { DEFAULT_ACCOUNT, PANEL_CONTRACT, startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { runSteps } from './contract-run.js';
import type { Outcome } from './contract-run.js';
import { BUNDLER, CONTRACT_NOW } from './contract-steps.js';
import { call, login } from './helpers.js';
import type { Answer } from './helpers.js';
import { acceptsNull, enumValues, isOptional, propertiesOf, slotsOf } from './request-shapes.js';

/**
 * Reference §7 and the brief of issue 10: the simulator accepts what the published request
 * schemas accept, and answers 7 for a null where they admit none. Each action is tried with the
 * parameters of its contract step (which fit its request schema), varied one parameter at a time.
 */

interface Sample {
  readonly action: string;
  readonly request: z.ZodType;
  readonly params: Record<string, unknown>;
}

let samples: Sample[];
let simulator: Simulator;
let hash: string;
let bundlerHash: string;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(CONTRACT_NOW);
  const outcomes = await runSteps([]);
  samples = outcomes.filter(isSample).map((outcome) => ({
    action: outcome.action,
    request: PANEL_CONTRACT[outcome.action]?.request as z.ZodType,
    params: outcome.params ?? {},
  }));
  simulator = await startSimulator({ accounts: [DEFAULT_ACCOUNT, BUNDLER] });
  hash = await login(simulator);
  bundlerHash = await login(simulator, BUNDLER);
});

afterAll(async () => {
  vi.useRealTimers();
  await simulator.close();
});

/** Calls that can be repeated with other values: not uploads, not those ending sessions. */
function isSample(outcome: Outcome): boolean {
  const ends = ['account/logout', 'dealer/password/update'].includes(outcome.action);
  return outcome.params !== undefined && !ends;
}

/** The step's parameters with this simulator's session (the bundle import has its own). */
function send(sample: Sample, params: Record<string, unknown>): Promise<Answer> {
  const token = sample.action === 'tracker/bundle/import' ? bundlerHash : hash;
  return call(simulator, sample.action, { ...params, hash: token });
}

const named = (answer: Answer, name: string): boolean =>
  Array.isArray(answer.body?.errors) &&
  (answer.body.errors as { parameter: string }[]).some((e) => e.parameter === name);

/** The sample without any parameter its schema makes optional, at every object level. */
function minimal(schema: z.ZodType, sample: Record<string, unknown>): Record<string, unknown> {
  const properties = propertiesOf(schema, sample);
  if (properties === undefined) return sample;
  const kept = Object.entries(sample).flatMap(([key, value]): [string, unknown][] => {
    const property = properties[key];
    if (property === undefined || isOptional(property)) return [];
    const nested =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? minimal(property, value as Record<string, unknown>)
        : value;
    return [[key, nested]];
  });
  return Object.fromEntries(kept);
}

describe('request checks against the published request schemas', () => {
  it('takes each step\u2019s parameters, which fit the action\u2019s request schema', () => {
    const misfits = samples
      .map((sample) => ({ sample, result: sample.request.safeParse(sample.params) }))
      .filter(({ result }) => !result.success)
      .map(({ sample, result }) => `${sample.action}: ${result.error?.message ?? ''}`);
    expect(misfits).toEqual([]);
  });

  it('answers 7 naming the parameter for a null the schema does not admit, and takes the others', async () => {
    const wrong: string[] = [];
    let refused = 0;
    for (const sample of samples) {
      for (const slot of slotsOf(sample.request, sample.params)) {
        const answer = await send(sample, slot.set(sample.params, null));
        const nullable = acceptsNull(slot.schema);
        if (!nullable) refused += 1;
        const ok = nullable
          ? !named(answer, slot.name)
          : answer.body?.status?.code === 7 && named(answer, slot.name);
        if (!ok) wrong.push(`${sample.action} ${slot.name}=null: ${JSON.stringify(answer.body)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(150);
  });

  it('takes every value of every enum the schemas list', async () => {
    const wrong: string[] = [];
    let tried = 0;
    for (const sample of samples) {
      for (const slot of slotsOf(sample.request, sample.params)) {
        // §4.2: a user's legal type cannot change on update, a rule beside the schema.
        if (sample.action === 'user/update' && slot.name === 'user.legal_type') continue;
        for (const value of enumValues(slot.schema)) {
          tried += 1;
          const answer = await send(sample, slot.set(sample.params, value));
          if (named(answer, slot.name)) wrong.push(`${sample.action} ${slot.name}=${value}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(50);
  });

  it('takes every action with its optional parameters left out', async () => {
    const wrong: string[] = [];
    for (const sample of samples) {
      const answer = await send(sample, minimal(sample.request, sample.params));
      if (answer.body?.status?.code === 7) {
        wrong.push(`${sample.action}: ${JSON.stringify(answer.body.errors)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
