import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchedDestination, createLogger } from '../../src/observability/logger.js';
import { captureLogs } from '../helpers/logs.js';

describe('logger redaction', () => {
  it('censors secrets at every path that could carry one', () => {
    const { logger, lines } = captureLogs();
    logger.info(
      {
        password: 'p-secret-1',
        hash: 'h-secret-2',
        authorization: 'Bearer k-secret-3',
        apiKey: 'k-secret-4',
        headers: { authorization: 'Bearer k-secret-5', 'x-api-key': 'k-secret-6' },
        params: { hash: 'h-secret-7', password: 'p-secret-8', user_id: 1 },
      },
      'something',
    );
    const text = lines.join('');
    for (let i = 1; i <= 8; i++) expect(text).not.toContain(`secret-${i}`);
    expect(text).toContain('[redacted]');
    expect(JSON.parse(lines[0]!)).toMatchObject({ params: { user_id: 1 } });
  });
});

describe('logger destination', () => {
  it('writes stdout asynchronously and loses no line when the process exits at once', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const script = [
      "import { createLogger } from './src/observability/logger.ts';",
      "const logger = createLogger({ level: 'info' });",
      "for (let i = 0; i < 2000; i += 1) logger.info({ i }, 'line');",
      'process.exit(0);',
    ].join('\n');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2000);
    expect(JSON.parse(lines[1999]!)).toMatchObject({ i: 1999, msg: 'line' });
  }, 30_000);
});

describe('batched log writes', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'npg-log-')), 'out.log');
  // The file is opened asynchronously: until then it has no lines.
  const linesOf = (path: string) =>
    existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  };

  it('holds lines until a batch is full, then writes them together', async () => {
    const path = file();
    const destination = batchedDestination({ dest: path, minBytes: 2048, flushMs: 60_000 });
    const logger = createLogger({ level: 'info', destination });
    for (let i = 0; i < 5; i += 1) logger.info({ i }, 'short');
    await new Promise((r) => setTimeout(r, 50));
    expect(linesOf(path)).toHaveLength(0);
    for (let i = 5; i < 40; i += 1) logger.info({ i }, 'short');
    await until(() => linesOf(path).length > 0);
    expect(linesOf(path).length).toBeGreaterThan(5);
    expect(JSON.parse(linesOf(path)[0]!)).toMatchObject({ i: 0, msg: 'short' });
  });

  it('writes a lone line within the flush time', async () => {
    const path = file();
    const logger = createLogger({
      level: 'info',
      destination: batchedDestination({ dest: path, flushMs: 20 }),
    });
    logger.info('alone');
    await until(() => linesOf(path).length === 1);
    expect(JSON.parse(linesOf(path)[0]!)).toMatchObject({ msg: 'alone' });
  });

  it('drops and counts the lines beyond its bound instead of holding them all', async () => {
    let dropped = 0;
    const path = file();
    const logger = createLogger({
      level: 'info',
      destination: batchedDestination({
        dest: path,
        minBytes: 1024,
        maxBytes: 2048,
        flushMs: 60_000,
        onDrop: () => (dropped += 1),
      }),
    });
    // Written in one go: no write can finish in between, so the buffer holds what it may.
    for (let i = 0; i < 100; i += 1) logger.info({ i, pad: 'x'.repeat(100) }, 'burst');
    expect(dropped).toBeGreaterThan(50);
    await until(() => linesOf(path).length + dropped >= 100);
    expect(linesOf(path).length + dropped).toBe(100);
  });
});
