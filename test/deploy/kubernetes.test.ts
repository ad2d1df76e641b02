import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import {
  defaultStage,
  isLoopback,
  docsBlock,
  makeSecretsAsDocumented,
  manifestsIn,
  readText,
  SETTING_NAMES,
  settingDefault,
  type Manifest,
} from './deploy-files.js';
import { argsOf } from './dockerfile.js';
import { parse } from 'yaml';

const DIR = 'deploy/kubernetes';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports: { name: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string } }[];
  env?: EnvVar[];
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
  readinessProbe: Probe;
  livenessProbe: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
}
interface Volume {
  name: string;
  secret?: {
    secretName: string;
    defaultMode?: number;
    items?: { key: string; path: string }[];
  };
}
interface PodSpec {
  terminationGracePeriodSeconds: number;
  automountServiceAccountToken?: boolean;
  securityContext: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    runAsGroup?: number;
    fsGroup?: number;
  };
  containers: Container[];
  volumes: Volume[];
}

type Labels = Record<string, string>;
interface Deployment extends Manifest {
  spec: {
    replicas?: number;
    selector: { matchLabels: Labels };
    strategy: { rollingUpdate: unknown };
    template: { metadata: { labels: Labels; annotations: Labels }; spec: PodSpec };
  };
}
interface ConfigMap extends Manifest {
  data: Record<string, string>;
}
interface Secret extends Manifest {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
interface Service extends Manifest {
  spec: { selector: Labels; ports: { name: string; targetPort: string }[] };
}
interface Budget extends Manifest {
  spec: { maxUnavailable?: number; selector: { matchLabels: Labels } };
}
interface Autoscaler extends Manifest {
  spec: { scaleTargetRef: unknown; minReplicas: number; maxReplicas: number };
}

const all = manifestsIn(DIR);
/** The one object of `kind` among the manifests. */
function only<T extends Manifest>(kind: string): T {
  const found = all.filter(({ manifest }) => manifest.kind === kind);
  expect(found, `one ${kind} in ${DIR}`).toHaveLength(1);
  return found[0]!.manifest as T;
}
const deployment = only<Deployment>('Deployment');
const configMap = only<ConfigMap>('ConfigMap');
const secret = only<Secret>('Secret');
const service = only<Service>('Service');
const pdb = only<Budget>('PodDisruptionBudget');
const hpa = only<Autoscaler>('HorizontalPodAutoscaler');
const pod = deployment.spec.template;
const container = pod.spec.containers[0]!;
const config = configMap.data;
const secretKeys = Object.keys({ ...secret.data, ...secret.stringData });

/** The container's environment: the ConfigMap's entries, then `env` (which wins). */
function containerEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const source of container.envFrom ?? []) {
    expect(source.configMapRef?.name).toBe(configMap.metadata.name);
    Object.assign(env, config);
  }
  for (const v of container.env ?? []) env[v.name] = v.value;
  return env;
}
const env = containerEnv();
const made = makeSecretsAsDocumented();
afterAll(() => made.remove());
const portNamed = (name: string | number) =>
  container.ports.find((p) => p.name === name || p.containerPort === name)?.containerPort;

/** Where each secret key is mounted as a file: mountPath/item path → key. */
function mountedSecretFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const volume of pod.spec.volumes) {
    if (!volume.secret) continue;
    expect(volume.secret.secretName).toBe(secret.metadata.name);
    const mount = container.volumeMounts.find((m) => m.name === volume.name);
    expect(mount?.readOnly, `${volume.name} is mounted read-only`).toBe(true);
    const items = volume.secret.items ?? secretKeys.map((key) => ({ key, path: key }));
    for (const item of items) files.set(join(mount!.mountPath, item.path), item.key);
  }
  return files;
}

describe('Kubernetes manifests', () => {
  it('apply as a kustomization of every file but the Secret, which is made from files', () => {
    const kustomization = parse(readText(join(DIR, 'kustomization.yaml'))) as {
      resources: string[];
    };
    const files = new Set(all.map(({ file }) => file));
    files.delete('kustomization.yaml');
    files.delete('secret.yaml');
    expect([...kustomization.resources].sort()).toEqual([...files].sort());
  });

  it('set only settings the gateway reads, in the ConfigMap and in the container', () => {
    const names = [...Object.keys(config), ...(container.env ?? []).map((v) => v.name)];
    expect(names.filter((name) => !SETTING_NAMES.has(name))).toEqual([]);
  });

  it('name the ports the gateway listens on, metrics on a non-loopback listener', () => {
    expect(portNamed('http')).toBe(Number(env.PORT ?? settingDefault('PORT')));
    expect(isLoopback(String(env.HOST ?? settingDefault('HOST')))).toBe(false);
    expect(portNamed('metrics')).toBe(Number(env.METRICS_PORT));
    expect(isLoopback(env.METRICS_HOST ?? String(settingDefault('METRICS_HOST')))).toBe(false);
    expect(pod.metadata.annotations['prometheus.io/port']).toBe(env.METRICS_PORT);
    expect(service.spec.ports.map((p) => portNamed(p.targetPort))).toEqual([
      portNamed('http'),
      portNamed('metrics'),
    ]);
  });

  it('probe readiness on /readyz and liveness on /healthz, on the gateway’s port', () => {
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
  });

  it('mount every _FILE secret where its setting points, and use every key of the Secret', () => {
    const mounted = mountedSecretFiles();
    const fileSettings = Object.entries(env).filter(([name]) => name.endsWith('_FILE'));
    expect(fileSettings.length).toBeGreaterThan(0);
    for (const [name, path] of fileSettings) {
      const key = mounted.get(path!);
      expect(key, `${name} points at ${path}, where no secret key is mounted`).toBeDefined();
      expect(secretKeys).toContain(key);
    }
    const referenced = (container.env ?? []).flatMap((v) => {
      const ref = v.valueFrom?.secretKeyRef;
      if (!ref) return [];
      expect(ref.name).toBe(secret.metadata.name);
      return [ref.key];
    });
    expect([...mounted.values(), ...referenced].sort()).toEqual([...secretKeys].sort());
  });

  it('make the Secret from the files the docs make, named by its keys', () => {
    const create = /kubectl create secret generic (\S+) --from-file=secrets\//.exec(
      docsBlock('kubectl'),
    );
    expect(create?.[1]).toBe(secret.metadata.name);
    expect(Object.keys(made.files).sort()).toEqual([...secretKeys].sort());
  });

  it('make a configuration the gateway accepts from those files', () => {
    const files = mountedSecretFiles();
    const readFile = (path: string) => made.files[files.get(path)!]!;
    // secretKeyRef gives the file's content as it is: no newline may end it.
    const metricsToken = made.files['metrics-token']!;
    expect(metricsToken).toMatch(/^\S{16,}$/);
    const loaded = loadConfig({ ...env, METRICS_TOKEN: metricsToken }, readFile);
    expect(loaded).toMatchObject({
      port: portNamed('http'),
      metrics: { port: portNamed('metrics'), host: env.METRICS_HOST, token: metricsToken },
      redis: { mode: 'standalone', url: env.REDIS_URL },
    });
  });

  it('never start with a placeholder of secret.yaml the gateway can check', () => {
    const placeholders = secret.stringData ?? {};
    const files = mountedSecretFiles();
    /** The problems of a start with real secrets but the placeholder of `key`. */
    const problemsWith = (key: string): string[] => {
      const values = { ...made.files, [key]: placeholders[key]! };
      try {
        loadConfig({ ...env, METRICS_TOKEN: values['metrics-token'] }, (path) => {
          return values[files.get(path)!]!;
        });
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.problems;
      }
    };
    expect(problemsWith('session-encryption-keys')).toEqual([
      expect.stringMatching(/^SESSION_ENCRYPTION_KEYS: /),
    ]);
    expect(problemsWith('api-key-hmac-secret')).toEqual([
      expect.stringMatching(/^API_KEY_HMAC_SECRET_FILE: .* at least 32 bytes/),
    ]);
    expect(problemsWith('metrics-token')).toEqual([expect.stringMatching(/^METRICS_TOKEN: /)]);
    // The Panel password is Navixy's to judge: its placeholder fails the first login instead.
    expect(problemsWith('panel-password')).toEqual([]);
  });

  it('run the image’s own command as a non-root user on a read-only root file system', () => {
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
    const [uid, gid] = (argsOf(defaultStage(), 'USER').at(-1) ?? '').split(':').map(Number);
    expect(pod.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: uid,
      runAsGroup: gid,
      fsGroup: gid,
    });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    // Secret files readable by the owner and the pod's group (fsGroup), no one else.
    const secretVolume = pod.spec.volumes.find((v) => v.secret);
    expect(secretVolume?.secret?.defaultMode).toBe(0o440);
  });

  it('ask for resources, memory bounded', () => {
    expect(container.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(container.resources.limits?.memory).toEqual(expect.any(String));
  });

  it('leave time for the preStop pause and SHUTDOWN_TIMEOUT_MS before the kill', () => {
    const command = container.lifecycle?.preStop?.exec?.command ?? [];
    expect(command[0]).toBe('sleep');
    const pause = Number(command[1]);
    const shutdownMs = Number(env.SHUTDOWN_TIMEOUT_MS ?? settingDefault('SHUTDOWN_TIMEOUT_MS'));
    expect(pod.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      pause * 1000 + shutdownMs + 2_000,
    );
  });

  it('select the Deployment’s pods in the Service, the budget and the autoscaler', () => {
    const labels = pod.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(labels).toMatchObject(service.spec.selector);
    expect(labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: deployment.apiVersion,
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
  });

  it('keep two pods at least, and let a node drain take one at a time', () => {
    // The autoscaler owns the count: a replicas field would reset it at every apply.
    expect(deployment.spec.replicas).toBeUndefined();
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
  });
});
