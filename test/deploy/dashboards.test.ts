import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.js';
import {
  dashboardQueries,
  metricUses,
  readAlertRules,
  readDashboard,
  withVariables,
} from './promql.js';

/** Labels Prometheus adds to every series it scrapes. */
const TARGET_LABELS = ['job', 'instance'];

/**
 * Every series name the gateway exports, with its labels, from the gateway's own registry (the
 * process metrics included, as main.ts asks for them): a histogram's `_bucket` (with `le`),
 * `_sum` and `_count`, a counter or gauge by its name.
 */
function exportedSeries(): Map<string, string[]> {
  const series = new Map<string, string[]>();
  const { registry } = createMetrics({ processMetrics: true });
  for (const metric of registry.getMetricsAsArray()) {
    const { name, type, labelNames } = metric as unknown as {
      name: string;
      type: string;
      labelNames: string[];
    };
    const labels = [...labelNames, ...TARGET_LABELS];
    if (type === 'histogram') {
      series.set(`${name}_bucket`, [...labels, 'le']);
      series.set(`${name}_sum`, labels);
      series.set(`${name}_count`, labels);
    } else {
      series.set(name, labels);
    }
  }
  return series;
}

const SERIES = exportedSeries();

/** What a query names that the gateway does not export: metrics, and labels of them. */
function unknownIn(expr: string): string[] {
  const { metrics, groupedBy } = metricUses(withVariables(expr));
  const problems: string[] = [];
  const labelsOfAll = new Set<string>();
  for (const { metric, labels } of metrics) {
    const known = SERIES.get(metric);
    if (!known) {
      problems.push(`metric ${metric}`);
      continue;
    }
    known.forEach((label) => labelsOfAll.add(label));
    for (const label of labels) {
      if (!known.includes(label)) problems.push(`label ${label} of ${metric}`);
    }
  }
  for (const label of groupedBy) {
    if (!labelsOfAll.has(label)) problems.push(`grouping label ${label}`);
  }
  if (metrics.length === 0) problems.push('no metric at all');
  return problems;
}

describe('the Grafana dashboard', () => {
  const dashboard = readDashboard();
  const queries = dashboardQueries(dashboard);

  it('queries only metrics and labels the gateway exports', () => {
    expect(queries.length).toBeGreaterThan(20);
    const problems = queries.flatMap(({ where, expr }) =>
      unknownIn(expr).map((problem) => `${where}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('shows every metric of the gateway’s own (not the process ones)', () => {
    const shown = new Set(
      queries.flatMap(({ expr }) =>
        metricUses(withVariables(expr)).metrics.map(({ metric }) =>
          metric.replace(/_(bucket|sum|count)$/, ''),
        ),
      ),
    );
    const own = createMetrics()
      .registry.getMetricsAsArray()
      .map((metric) => (metric as unknown as { name: string }).name);
    expect(own.filter((name) => !shown.has(name))).toEqual([]);
  });

  it('reads every panel from the data source picked at import, laid out on the grid', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const panel of dashboard.panels) {
      const { x, y, w, h } = panel.gridPos;
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      for (let row = y; row < y + h; row += 1) {
        for (let column = x; column < x + w; column += 1) {
          expect(cells.has(`${row}:${column}`), `${panel.title} overlaps another panel`).toBe(
            false,
          );
          cells.add(`${row}:${column}`);
        }
      }
      if (panel.type === 'row') continue;
      expect(panel.datasource?.uid, panel.title).toBe('${datasource}');
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
    const variables = dashboard.templating.list.map((v) => v.name);
    expect(variables).toEqual(['datasource', 'job', 'account']);
  });
});

describe('the Prometheus alert rules', () => {
  const rules = readAlertRules();

  it('query only metrics and labels the gateway exports', () => {
    const problems = rules.flatMap((rule) =>
      unknownIn(rule.expr).map((problem) => `${rule.alert}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('cover refused logins, open circuits, the outbound limit, 5xx and Redis errors', () => {
    const watched = (metric: string) =>
      rules
        .filter((rule) => metricUses(rule.expr).metrics.some((use) => use.metric === metric))
        .map((rule) => rule.alert);
    expect(watched('npg_panel_logins_total')).toEqual([
      'NpgPanelLoginRefused',
      'NpgPanelLoginsFailing',
    ]);
    expect(watched('npg_circuit_state')).toEqual(['NpgCircuitOpen']);
    expect(watched('npg_upstream_limiter_queue_length')).toEqual(['NpgOutboundLimitSaturated']);
    expect(watched('npg_upstream_requests_total')).toEqual(['NpgOutboundLimitRefusing']);
    expect(watched('npg_http_requests_total')).toEqual(['NpgHighServerErrorRate']);
    expect(watched('npg_redis_errors_total')).toEqual(['NpgRedisErrors']);
  });

  it('give each alert a unique name, a severity and what to look at', () => {
    const names = rules.map((rule) => rule.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of rules) {
      expect(['warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toEqual(expect.any(String));
      expect(rule.annotations?.description, rule.alert).toEqual(expect.any(String));
    }
  });
});

describe('the PromQL reader of these checks', () => {
  it('tells metrics from functions, keywords, numbers, strings and labels', () => {
    expect(
      metricUses(
        'histogram_quantile(0.95, sum by (le, route) (rate(npg_a_bucket{job=~"x",route!="a b"}[5m])))' +
          ' / on (job) group_left npg_b > 1e3 or vector(0)',
      ),
    ).toEqual({
      metrics: [
        { metric: 'npg_a_bucket', labels: ['job', 'route'] },
        { metric: 'npg_b', labels: [] },
      ],
      groupedBy: ['le', 'route', 'job'],
    });
    expect(unknownIn('sum by (nope) (rate(npg_http_requests_total{path="/x"}[5m])) + up')).toEqual([
      'label path of npg_http_requests_total',
      'metric up',
      'grouping label nope',
    ]);
  });
});
