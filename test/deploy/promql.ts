import { parse } from 'yaml';
import { readText } from './deploy-files.js';

export const DASHBOARD = 'deploy/grafana/navixy-panel-gateway.json';
export const ALERTS = 'deploy/prometheus/alerts.yml';

interface Target {
  expr?: string;
}
export interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: (Target & { datasource?: { uid: string } })[];
}
export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown }[] };
}
export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export const readDashboard = (): Dashboard => JSON.parse(readText(DASHBOARD)) as Dashboard;

export function readAlertRules(): AlertRule[] {
  const file = parse(readText(ALERTS)) as { groups: { rules: AlertRule[] }[] };
  return file.groups.flatMap((group) => group.rules);
}

/** Every query of the dashboard: each panel's targets and each variable's `label_values(…)`. */
export function dashboardQueries(dashboard = readDashboard()): { where: string; expr: string }[] {
  const panels = dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: panel.title, expr: target.expr ?? '' })),
  );
  const variables = dashboard.templating.list.flatMap((variable) => {
    const query = (variable.query as { query?: string } | undefined)?.query;
    const inner = query && /^label_values\((.*),\s*\w+\)$/.exec(query)?.[1];
    return inner ? [{ where: `$${variable.name}`, expr: inner }] : [];
  });
  return [...panels, ...variables];
}

/** A query as Prometheus itself would take it: Grafana's variables given plain values. */
export function withVariables(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '5m')
    .replaceAll('$__interval', '1m')
    .replace(/\$\{?(job|account)\}?/g, '.*');
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/** One metric a query names, with the labels it matches on or groups by. */
export interface MetricUse {
  metric: string;
  labels: string[];
}

/**
 * The metrics a PromQL expression reads and the labels it names, enough for the queries of
 * this project: strings, durations and label lists are set aside, then what is left that is
 * neither a function call, a keyword nor a number is a metric name.
 */
export function metricUses(expr: string): { metrics: MetricUse[]; groupedBy: string[] } {
  const groupedBy = [
    ...expr.matchAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g),
  ].flatMap((m) =>
    m[1]!
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean),
  );
  const metrics: MetricUse[] = [];
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  for (const match of stripped.matchAll(/(?<![\w.])([A-Za-z_:][\w:]*)\s*(\{[^}]*\})?\s*(\()?/g)) {
    const [, name = '', selector, call] = match;
    if (call || KEYWORDS.has(name.toLowerCase())) continue;
    const labels = [...(selector ?? '').matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]!);
    metrics.push({ metric: name, labels });
  }
  return { metrics, groupedBy };
}
