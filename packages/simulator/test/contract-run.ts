import { request } from 'undici';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import type { ShapeCase, Simulator } from '../src/index.js';
import { BUNDLER, STEPS } from './contract-steps.js';
import type { Part, Step, StepContext } from './contract-steps.js';
import { call, login, plainTrackers } from './helpers.js';
import type { Answer, Json } from './helpers.js';

/** One step's outcome; `label` tells repeated actions apart (`user/read#2`). */
export interface Outcome {
  readonly label: string;
  readonly action: string;
  /** The parameters sent (`hash` included); `undefined` for a multipart upload. */
  readonly params: Record<string, unknown> | undefined;
  readonly answer: Answer;
}

const BOUNDARY = 'contract-boundary';

async function upload(simulator: Simulator, action: string, hash: string, parts: readonly Part[]) {
  const body = [...parts, { name: 'hash', value: hash }]
    .map((part) => {
      const file = part.filename === undefined ? '' : `; filename="${part.filename}"`;
      const type = part.type === undefined ? '' : `\r\nContent-Type: ${part.type}`;
      return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${file}${type}\r\n\r\n${part.value}\r\n`;
    })
    .join('');
  const response = await request(`${simulator.url}/${action}`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: Buffer.from(`${body}--${BOUNDARY}--\r\n`, 'latin1'),
  });
  const text = await response.body.text();
  const contentType = String(response.headers['content-type'] ?? '');
  const parsed: Json = contentType.startsWith('application/json') ? JSON.parse(text) : text;
  return { status: response.statusCode, contentType, body: parsed };
}

async function context(simulator: Simulator): Promise<StepContext> {
  const hash = await login(simulator);
  const list = (await call(simulator, 'tracker/list', { hash })).body.list as Json[];
  // Clones bound to a rule or a vehicle (seed) answer 203 to deletion: not those.
  const bound = new Set([3234929, 3234987]);
  const clones = list.filter((t) => t.clone && !t.deleted && !bound.has(t.id));
  return { simulator, hash, plain: plainTrackers(list), clones };
}

async function run(step: Step, ctx: StepContext): Promise<Omit<Outcome, 'label'>> {
  const { action } = step;
  if (step.upload !== undefined) {
    return {
      action,
      params: undefined,
      answer: await upload(ctx.simulator, action, ctx.hash, step.upload),
    };
  }
  const params = { hash: ctx.hash, ...((await step.params?.(ctx)) ?? {}) };
  return { action, params, answer: await call(ctx.simulator, action, params) };
}

/**
 * Runs every step against a fresh simulator answering the given shape cases the older way, and
 * returns each answer. The caller fixes the clock (`CONTRACT_NOW`), so runs can be compared.
 */
export async function runSteps(legacyShapes: readonly ShapeCase[] | 'all'): Promise<Outcome[]> {
  const simulator = await startSimulator({ accounts: [DEFAULT_ACCOUNT, BUNDLER], legacyShapes });
  try {
    const ctx = await context(simulator);
    const seen = new Map<string, number>();
    const outcomes: Outcome[] = [];
    for (const step of STEPS) {
      const count = (seen.get(step.action) ?? 0) + 1;
      seen.set(step.action, count);
      const label = count === 1 ? step.action : `${step.action}#${count}`;
      outcomes.push({ label, ...(await run(step, ctx)) });
    }
    return outcomes;
  } finally {
    await simulator.close();
  }
}

/** Values that differ on every run whatever the clock: session hashes and console keys. */
const RANDOM_KEYS = new Set(['hash', 'key']);

/** A body with its random values replaced, so two runs can be compared. */
export function comparable(body: Json): Json {
  if (Array.isArray(body)) return body.map(comparable);
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(
    Object.entries(body as Record<string, Json>).map(([key, value]) => [
      key,
      RANDOM_KEYS.has(key) && typeof value === 'string' ? '<random>' : comparable(value),
    ]),
  );
}
