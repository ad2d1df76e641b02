import { readFileSync } from 'node:fs';
import { PANEL_ACTIONS } from '../src/panel/actions.js';
import { formatReport, hasDifferences } from '../tools/spec-diff/report.js';
import { diffSpec } from '../tools/spec-diff/spec-diff.js';

const USAGE =
  'usage: npm run panel:spec-diff -- <Admin_Panel.openapi.json> [--all] [--fail-on-diff]\n' +
  '  --all           also list catalog fields the spec does not describe\n' +
  '  --fail-on-diff  exit with 1 when there is anything to report';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && !['--all', '--fail-on-diff'].includes(a));
if (!file || unknown.length > 0) {
  console.error(USAGE);
  process.exit(2);
}
let spec: unknown;
try {
  spec = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`cannot read ${file}: ${(error as Error).message}`);
  process.exit(2);
}
const options = { all: args.includes('--all') };
const diff = diffSpec(spec, PANEL_ACTIONS);
console.log(formatReport(diff, options));
if (args.includes('--fail-on-diff') && hasDifferences(diff, options)) process.exit(1);
