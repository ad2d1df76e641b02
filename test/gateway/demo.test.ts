import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

/** Runs `npm run demo`'s entry point and collects its output up to the "Stop with" line. */
async function runDemo() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo.ts'], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line);
    if (line.includes('Stop with')) break;
  }
  return { child, lines };
}

/** Turns a printed `curl -H "Name: value" URL` line into a fetch. */
function curlToFetch(line: string) {
  const header = /-H "([^:]+): ([^"]+)"/.exec(line);
  const url = /(http:\/\/[^\s"]+)"?$/.exec(line);
  if (!header?.[1] || !header[2] || !url?.[1]) throw new Error(`cannot read: ${line}`);
  return fetch(url[1], { headers: { [header[1]]: header[2] } });
}

describe('npm run demo', () => {
  it('prints a demo key and curl lines that work as printed (two API calls, the metrics)', async () => {
    const { child, lines } = await runDemo();
    try {
      const curls = lines.filter((line) => line.trim().startsWith('curl '));
      expect(curls).toHaveLength(3);
      expect(lines.join('\n')).toMatch(/npg_[\w-]{43}/);
      for (const curl of curls) {
        const res = await curlToFetch(curl.trim());
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain(
          curl.includes('/metrics') ? 'text/plain' : 'application/json',
        );
        await res.body?.cancel();
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});
