import { describe, expect, it } from 'vitest';
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
