import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PANEL_ACTIONS } from '../../src/panel/actions.js';
import { formatReport, hasDifferences } from '../../tools/spec-diff/report.js';
import { diffSpec } from '../../tools/spec-diff/spec-diff.js';

/** Two small Navixy OpenAPI descriptions: one the catalog fits, one a "newer release". */
const fixture = (version: string) => `test/fixtures/spec-diff/panel-${version}.json`;
const spec = (version: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../${fixture(version)}`, import.meta.url), 'utf8'));

const findings = (version: string) =>
  diffSpec(spec(version), PANEL_ACTIONS).actions.flatMap((a) =>
    a.findings
      .filter((f) => f.kind !== 'extra')
      .map((f) => `${a.action} ${f.side} ${f.kind} ${f.path}`),
  );

describe('npm run panel:spec-diff', () => {
  it('finds nothing to report in a description the catalog fits', () => {
    const diff = diffSpec(spec('1.0'), PANEL_ACTIONS);
    expect(diff.version).toBe('1.0.0');
    expect(diff.actions.map((a) => a.action)).toEqual([
      'user/read',
      'tracker/register_retry',
      'tariff/list',
    ]);
    expect(findings('1.0')).toEqual([]);
    expect(diff.notInCatalog).toEqual([]);
    expect(hasDifferences(diff)).toBe(false);
  });

  it('reports what a newer release changes, action by action', () => {
    expect(findings('1.1')).toEqual([
      'user/read answer type value.balance',
      'user/read answer missing value.nickname',
      'user/read answer missing discount.kind',
      'tracker/register_retry request required mode',
      'tariff/list request enum order_by',
    ]);
    const diff = diffSpec(spec('1.1'), PANEL_ACTIONS);
    expect(diff.notInCatalog).toEqual(['user/delete']);
    const report = formatReport(diff);
    expect(report).toContain('value.balance: spec string, catalog null|number');
    expect(report).toContain('order_by: catalog may send "device_type", "group_id", "price"');
    expect(report).toContain('In the spec, not in the catalog: 1 (user/delete)');
  });

  it('lists the catalog\u2019s fields the spec lacks only when asked', () => {
    const diff = diffSpec(spec('1.0'), PANEL_ACTIONS);
    expect(formatReport(diff)).not.toContain('beyond the spec');
    expect(formatReport(diff, { all: true })).toContain('discount.value: beyond the spec');
  });

  it('runs as a command that fails on differences only when asked', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/panel-spec-diff.ts', ...args], {
        encoding: 'utf8',
        timeout: 20_000,
      });
    const newer = run(fixture('1.1'), '--fail-on-diff');
    expect(newer.status).toBe(1);
    expect(newer.stdout).toContain('tracker/register_retry');
    expect(run(fixture('1.0'), '--fail-on-diff').status).toBe(0);
    const usage = run('--bogus');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('usage: npm run panel:spec-diff');
  });
});
