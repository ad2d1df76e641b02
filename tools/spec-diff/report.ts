import type { Finding, SpecDiff } from './spec-diff.js';

export interface ReportOptions {
  /** Also list the catalog's fields the spec does not describe (`extra`). */
  all?: boolean;
}

const shown = (finding: Finding, options: ReportOptions) => options.all || finding.kind !== 'extra';

/** The differences that matter, as plain text: one block per action, then the totals. */
export function formatReport(diff: SpecDiff, options: ReportOptions = {}): string {
  const lines: string[] = [];
  const differing = diff.actions.filter((a) => a.findings.some((f) => shown(f, options)));
  lines.push(
    `Panel API spec ${diff.version} against the action catalog: ${diff.actions.length} actions ` +
      `compared, ${differing.length} with differences.`,
  );
  for (const action of differing) {
    lines.push('', action.action);
    for (const f of action.findings.filter((x) => shown(x, options))) {
      lines.push(`  ${f.side.padEnd(7)} ${f.kind.padEnd(8)} ${f.path}: ${f.detail}`);
    }
  }
  lines.push(
    '',
    `In the spec, not in the catalog: ${list(diff.notInCatalog)}`,
    `In the catalog, not in the spec: ${list(diff.notInSpec)}`,
  );
  return lines.join('\n');
}

const list = (names: string[]) => (names.length ? `${names.length} (${names.join(', ')})` : 'none');

/** Whether `diff` has anything `formatReport` would list besides the totals. */
export const hasDifferences = (diff: SpecDiff, options: ReportOptions = {}) =>
  diff.notInCatalog.length > 0 ||
  diff.actions.some((a) => a.findings.some((f) => shown(f, options)));
