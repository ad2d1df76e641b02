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
