import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROBLEMS, type ProblemCode } from '../../src/problems/catalogue.js';
import { GatewayError, ValidationError } from '../../src/problems/gateway-error.js';
import {
  everyProblemCode,
  knownPanelErrorCodes,
  panelErrorCode,
  UNKNOWN_PANEL_ERROR,
} from '../../src/panel/error-codes.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const CODES = Object.keys(PROBLEMS) as ProblemCode[];
const src = new URL('../../src/', import.meta.url);

/** Every source file of the gateway but the catalogue itself, as text. */
function sources(): string[] {
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('problems/catalogue.ts'))
    .map((file) => readFileSync(new URL(file, src), 'utf8'));
}

describe('the problem catalogue', () => {
  it('gives each code raised by name its status and title', () => {
    for (const code of CODES) {
      const error = new GatewayError(code, { detail: 'why' });
      expect([error.code, error.status, error.title, error.detail]).toEqual([
        code,
        PROBLEMS[code].status,
        PROBLEMS[code].title,
        'why',
      ]);
      expect(new GatewayError(code).detail).toBe(PROBLEMS[code].title);
    }
    const invalid = new ValidationError([{ in: 'query', name: 'limit', message: 'too big' }]);
    expect([invalid.code, invalid.status, invalid.title]).toEqual([
      'VALIDATION_FAILED',
      400,
      'Request validation failed',
    ]);
  });

  it('makes a code outside it a type error (`npm run typecheck` checks this)', () => {
    // @ts-expect-error -- not a catalogue code: typecheck fails once this compiles.
    const raise = () => new GatewayError('NO_SUCH_CODE');
    expect(raise).toBeTypeOf('function');
  });

  it('has only error statuses, and a title and a `when` for each code', () => {
    for (const code of CODES) {
      const { status, title, when } = PROBLEMS[code];
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(title.trim(), code).not.toBe('');
      expect(when.trim(), code).not.toBe('');
    }
  });

  it('has no entry the gateway never raises', () => {
    const text = sources().join('\n');
    const unused = CODES.filter((code) => !text.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });
});

describe('the Navixy code table beside it', () => {
  it('gives every problem code one status, the catalogue\u2019s for a catalogue code', () => {
    const statuses = new Map<string, Set<number>>();
    for (const navixy of knownPanelErrorCodes()) {
      const { code, status } = panelErrorCode(navixy);
      statuses.set(code, (statuses.get(code) ?? new Set()).add(status));
    }
    for (const [code, seen] of statuses) {
      expect([...seen], code).toHaveLength(1);
      if (code in PROBLEMS) expect([...seen], code).toEqual([PROBLEMS[code as ProblemCode].status]);
    }
    expect(statuses.has(UNKNOWN_PANEL_ERROR.code)).toBe(false);
  });

  it('and the catalogue make up every code, sorted, once', () => {
    const all = everyProblemCode();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...all].sort());
    for (const code of CODES) expect(all).toContain(code);
    for (const navixy of knownPanelErrorCodes()) expect(all).toContain(panelErrorCode(navixy).code);
    expect(all).toContain('UPSTREAM_ERROR');
  });
});

describe('every problem code is documented', () => {
  it('as the enum of the Problem schema\u2019s `code` in openapi.yaml', () => {
    const doc = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
      components: { schemas: { Problem: { properties: { code: { enum: string[] } } } } };
    };
    expect(doc.components.schemas.Problem.properties.code.enum).toEqual(everyProblemCode());
  });

  it('in docs/errors.md', () => {
    const text = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const missing = everyProblemCode().filter((code) => !text.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});

describe('on the wire', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ name: 'problem-catalogue', store: 'memory' });
  });
  afterAll(() => h.close());

  it('answers a code with two causes with one title, the cause in the detail', async () => {
    const res = await h.http
      .post('/v1/menu-presets')
      .set('X-API-Key', h.key)
      .set('Content-Type', 'application/json')
      .send('{"title": ')
      .expect(400);
    expect(res.body).toMatchObject({
      code: 'MALFORMED_BODY',
      title: PROBLEMS.MALFORMED_BODY.title,
      detail: 'The request body is not valid JSON',
    });
  });

  it('keeps the status the HTTP layer chose for BAD_REQUEST', async () => {
    const res = await h.http
      .get('/docs/assets/swagger-ui.css')
      .set('Range', 'bytes=999999999-')
      .expect(416);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'BAD_REQUEST', status: 416, title: 'Bad request' });
  });
});
