/**
 * Prints the Grafana dashboard's queries as a Prometheus rule file (one recording rule each,
 * Grafana's variables given plain values), so that `promtool check rules` parses every one of
 * them as Prometheus would. `.ci/run` runs it: `npx tsx test/deploy/dashboard-rules.ts`.
 */
import { stringify } from 'yaml';
import { dashboardQueries, withVariables } from './promql.js';

const rules = dashboardQueries().map(({ expr }, index) => ({
  record: `npg:dashboard_query:${index + 1}`,
  expr: withVariables(expr),
}));
process.stdout.write(stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
