import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** Starts `src/cli.ts` as `npm run simulator` does, on an ephemeral port. */
function startCli(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      // Wait for the whole banner: the URL line, then the credentials and the curl sample.
      const match = /listening on (\S+)[\s\S]*curl .*\n/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

describe('simulator CLI', () => {
  it('prints the URL, credentials and a curl sample, serves, and exits 0 on SIGTERM', async () => {
    const cli = startCli();
    const url = await cli.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\/panel$/);
    expect(cli.output()).toContain('Demo-Panel-Pa55!');
    expect(cli.output()).toContain(`curl -s -X POST '${url}/account/auth'`);
    const answer = await request(`${url}/account/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: '20410', password: 'Demo-Panel-Pa55!' }),
    });
    expect(((await answer.body.json()) as { success: boolean }).success).toBe(true);
    const exited = once(cli.child, 'exit');
    cli.child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });

  it('answers the older shapes SIMULATOR_LEGACY_SHAPES names', async () => {
    const cli = startCli({ SIMULATOR_LEGACY_SHAPES: 'discount, order-lines' });
    try {
      const url = await cli.url;
      const shapes = await request(new URL('/__control/shapes', url));
      expect(await shapes.body.json()).toMatchObject({ legacy: ['discount', 'order-lines'] });
    } finally {
      const exited = once(cli.child, 'exit');
      cli.child.kill('SIGTERM');
      await exited;
    }
    expect(cli.output()).toContain('older for discount, order-lines');
  });

  it('exits 1 naming an unknown shape case in SIMULATOR_LEGACY_SHAPES', async () => {
    const cli = startCli({ SIMULATOR_LEGACY_SHAPES: 'discount,colour' });
    await expect(cli.url).rejects.toThrow(/SIMULATOR_LEGACY_SHAPES: unknown shape case "colour"/);
    expect(cli.child.exitCode).toBe(1);
  });

  it('exits 1 with a message for an invalid session TTL', async () => {
    const cli = startCli({ SIMULATOR_SESSION_TTL_SECONDS: 'soon' });
    await expect(cli.url).rejects.toThrow(/SIMULATOR_SESSION_TTL_SECONDS must be an integer/);
    expect(cli.child.exitCode).toBe(1);
  });
});
