import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '@flr/application';
import { parseWriterLeaseSettings } from '@flr/event-store';
import { parseRegisterRules } from '@flr/domain';
import { parseCapitationSettings } from '@flr/projections';
import pino from 'pino';
import { parse } from 'yaml';

// No Docker engine runs here, so the deployment files are checked statically.
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const composeText = readFileSync(join(root, 'docker/docker-compose.yml'), 'utf8');
const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
/** The configuration schema: every variable the README's configuration tables document. */
const documentedVariables = new Set(
  [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map(
    (m) => m[1],
  ),
);

/** Docker Compose interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?error}` against `env`. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g,
    (_, name: string, op?: string, arg?: string) => {
      const value = env[name];
      if (value !== undefined && value !== '') return value;
      if (op === '?') throw new Error(`${name}: ${arg}`);
      return op === '-' ? (arg ?? '') : '';
    },
  );
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const compose = (env: Record<string, string>, text = composeText) =>
  parse(interpolate(text, env), { merge: true }) as {
    services: Record<string, Service>;
    volumes: object;
  };

const TOKENS = { FLR_TOKENS: 'admin-token:admin,feed-token:subscriber' };

function problemOf(check: () => unknown): string[] {
  try {
    check();
    return [];
  } catch (error) {
    // ConfigError and the rule-settings error list every problem; other errors carry one message.
    const listed = (error as { problems?: readonly string[] }).problems;
    return listed ? [...listed] : [error instanceof Error ? error.message : String(error)];
  }
}

/**
 * Every value the compose file gives the API and the worker, checked as the processes check them at
 * start-up (configuration, write-side and read-side rule settings, log level) and against the rest of
 * the file (health-check port, published port, data volume). Returns the problems found.
 */
function registerProblems(services: Record<string, Service>): string[] {
  const problems: string[] = [];
  for (const name of ['api', 'api-2', 'worker']) {
    const service = services[name]!;
    const env = service.environment!;
    for (const key of Object.keys(env))
      if (!documentedVariables.has(key)) problems.push(`${name}: ${key} is not a documented variable`);
    problems.push(...problemOf(() => loadConfig(env)).map((p) => `${name}: ${p}`));
    problems.push(...problemOf(() => parseRegisterRules(env)).map((p) => `${name}: ${p}`));
    problems.push(...problemOf(() => parseCapitationSettings(env)).map((p) => `${name}: ${p}`));
    const level = env.LOG_LEVEL ?? 'info';
    if (!(level in pino.levels.values) && level !== 'silent')
      problems.push(`${name}: LOG_LEVEL "${level}" is not a pino level`);
    const config = problemOf(() => loadConfig(env)).length === 0 ? loadConfig(env) : null;
    if (config && !(service.volumes ?? []).includes(`${name}-data:${config.dataDir}`))
      problems.push(`${name}: FLR_DATA_DIR ${config.dataDir} is not the mounted data volume`);
    const healthPort = /127\.0\.0\.1:(\d+)\/health/.exec(service.healthcheck!.test.join(' '))?.[1];
    if (name.startsWith('api'))
      problems.push(...parseWriterLeaseSettings(env, true).problems.map((p) => `${name}: ${p}`));
    const servedPort = name.startsWith('api') ? String(config?.port) : (env.FLR_WORKER_HEALTH_PORT ?? '3001');
    if (!/^\d{1,5}$/.test(servedPort) || Number(servedPort) > 65535)
      problems.push(`${name}: health port "${servedPort}" is not a port`);
    if (healthPort !== servedPort)
      problems.push(`${name}: the health check probes ${healthPort}, the process serves ${servedPort}`);
    if (name.startsWith('api') && config && !(service.ports ?? []).includes(`${config.port}:${config.port}`))
      problems.push(`${name}: port ${config.port} is not published`);
  }
  return problems;
}

describe('the docker compose deployment', () => {
  const { services, volumes } = compose(TOKENS);
  const esdbNodes = ['esdb1', 'esdb2', 'esdb3'];

  it('runs a 3-node EventStoreDB cluster on one pinned official image, each node with health check and volumes', () => {
    const images = new Set(esdbNodes.map((n) => services[n]!.image));
    expect([...images]).toEqual([expect.stringMatching(/^eventstore\/eventstore:24\.10\.\d+(-[a-z-]+)?$/)]);
    for (const node of esdbNodes) {
      const service = services[node]!;
      expect(service.environment!.EVENTSTORE_CLUSTER_SIZE).toBe('3');
      const seeds = service.environment!.EVENTSTORE_GOSSIP_SEED!.split(',').map((s) => s.split(':')[0]);
      expect(seeds.sort()).toEqual(esdbNodes.filter((n) => n !== node));
      expect(service.healthcheck!.test.join(' ')).toContain('/health/live');
      expect(service.volumes!.some((v) => v.endsWith(':/var/lib/eventstore'))).toBe(true);
      for (const v of service.volumes!) expect(Object.keys(volumes)).toContain(v.split(':')[0]);
    }
    const hostPorts = esdbNodes.map((n) => services[n]!.ports![0]!.split(':')[0]);
    expect(new Set(hostPorts).size).toBe(3);
  });

  it('gives the API and the worker a configuration the register accepts, pointing at every cluster node', () => {
    for (const name of ['api', 'api-2', 'worker']) {
      const service = services[name]!;
      const config = loadConfig(service.environment!);
      expect(config.eventStoreConnectionString).toMatch(/^esdb:\/\//);
      const hosts = /@([^?]+)\?/
        .exec(config.eventStoreConnectionString!)![1]!
        .split(',')
        .map((h) => h.split(':')[0]);
      expect(hosts.sort()).toEqual(esdbNodes);
      expect(config.tokens.get('feed-token')).toBe('subscriber');
      expect(config.dataDir).toBe('/data');
      expect(service.volumes).toContain(`${name}-data:/data`);
      for (const node of esdbNodes) expect(service.depends_on![node]!.condition).toBe('service_healthy');
      expect(service.healthcheck!.test.join(' ')).toContain('/health');
      expect(service.build!.dockerfile).toBe('docker/Dockerfile');
      expect(
        Object.keys(service.environment!).every((k) => /^(PORT|HOST|LOG_LEVEL|EVENTSTORE_|FLR_)/.test(k)),
      ).toBe(true);
    }
    const api = loadConfig(services.api!.environment!);
    expect(services.api!.ports).toContain(`${api.port}:${api.port}`);
    expect(api.host).toBe('0.0.0.0');
    // Queries read the read models in-process, so the API projects for itself on EventStoreDB too.
    expect(api.runProjections).toBe(true);
    expect(loadConfig(services.worker!.environment!).runProjections).toBe(true);
  });

  it('runs two API replicas with one writer lease: distinct addresses, ports and volumes', () => {
    const leases = ['api', 'api-2'].map((name) =>
      parseWriterLeaseSettings(services[name]!.environment!, true),
    );
    expect(leases.map((l) => l.problems)).toEqual([[], []]);
    const addresses = leases.map((l) => l.settings!.address);
    expect(new Set(addresses).size).toBe(2);
    expect(addresses).toEqual(['http://localhost:3000', 'http://localhost:3002']);
    expect(new Set(['api', 'api-2'].map((n) => services[n]!.volumes![0])).size).toBe(2);
    expect(loadConfig(services['api-2']!.environment!).runProjections).toBe(true);
    // The worker is no replica: it never takes commands, so it holds no lease.
    expect(parseWriterLeaseSettings(services.worker!.environment!, true).settings).toBeNull();
  });

  it('refuses to start without FLR_TOKENS, since the API listens beyond loopback', () => {
    expect(() => compose({})).toThrow(/FLR_TOKENS/);
  });

  it('builds the API and worker from one multi-stage Dockerfile whose entry points exist in the build', () => {
    const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)\s+AS\s+(\S+)/gim)].map((m) => [m[1], m[2]]);
    expect(stages.map((s) => s[1])).toEqual(['build', 'runtime']);
    expect(stages.every(([image]) => /^node:20[.\d]*-/.test(image!))).toBe(true);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/COPY --from=build .*\/app\/dist/);
    for (const name of ['api', 'worker']) {
      const entry = services[name]!.command!.find((part) => part.endsWith('.js'))!;
      const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(() => readFileSync(join(root, source))).not.toThrow();
    }
  });

  it('gives the API and the worker only documented variables, each with a value the processes accept', () => {
    expect(documentedVariables.size).toBeGreaterThan(20);
    expect(registerProblems(services)).toEqual([]);
  });

  // One wrong value in the file each: the check above must name it.
  const wrongValues: [string, string, string, RegExp][] = [
    [
      'a replica address that is not a URL',
      'FLR_API_2_ADDRESS:-http://localhost:3002}',
      'FLR_API_2_ADDRESS:-localhost:3002}',
      /api-2: FLR_REPLICA_ADDRESS must be this replica's http\(s\) URL/,
    ],
    ['a port that is not a number', 'PORT: "3000"', 'PORT: "eighty"', /api: PORT must be an integer/],
    [
      'projections switched on with a typo',
      'FLR_RUN_PROJECTIONS: "true"\n      FLR_WORKER',
      'FLR_RUN_PROJECTIONS: "yes please"\n      FLR_WORKER',
      /worker: FLR_RUN_PROJECTIONS must be true or false/,
    ],
    [
      'a misspelt variable',
      'FLR_RUN_PROJECTIONS: "true"\n      FLR_WORKER',
      'FLR_RUN_PROJECTION: "true"\n      FLR_WORKER',
      /worker: FLR_RUN_PROJECTION is not a documented variable/,
    ],
    [
      'a log level pino does not know',
      'LOG_LEVEL:-info}',
      'LOG_LEVEL:-loud}',
      /LOG_LEVEL "loud" is not a pino level/,
    ],
    [
      'a bad write-side rule value',
      'HOST: 0.0.0.0',
      // HOST sits in the API replicas' shared environment (x-api-env), indented by two.
      'HOST: 0.0.0.0\n  FLR_RULE_YEARLY_CHANGE_LIMIT: "many"',
      /api: FLR_RULE_YEARLY_CHANGE_LIMIT must be/,
    ],
    [
      'a bad read-side rule value',
      'HOST: 0.0.0.0',
      'HOST: 0.0.0.0\n  FLR_RULE_CAPITATION_FORMULA: "monthly"',
      /api: FLR_RULE_CAPITATION_FORMULA must be/,
    ],
    [
      'a connection string that is not esdb://',
      '"esdb://admin:',
      '"http://admin:',
      /EVENTSTORE_CONNECTION_STRING must start with esdb/,
    ],
    [
      'a data folder that is not the volume',
      'FLR_DATA_DIR: /data',
      'FLR_DATA_DIR: /srv',
      /FLR_DATA_DIR \/srv is not the mounted data volume/,
    ],
    [
      'a worker health port the health check does not probe',
      'FLR_WORKER_HEALTH_PORT: "3001"',
      'FLR_WORKER_HEALTH_PORT: "3002"',
      /worker: the health check probes 3001, the process serves 3002/,
    ],
    [
      'a worker health port that is not a port',
      'FLR_WORKER_HEALTH_PORT: "3001"',
      'FLR_WORKER_HEALTH_PORT: "health"',
      /worker: health port "health" is not a port/,
    ],
    [
      'an API health check on the wrong port',
      "fetch('http://127.0.0.1:3000/health/live')",
      "fetch('http://127.0.0.1:3001/health/live')",
      /api: the health check probes 3001, the process serves 3000/,
    ],
  ];
  it.each(wrongValues)('fails on %s in the file', (_, from, to, problem) => {
    expect(composeText.split(from)).toHaveLength(2);
    const broken = compose(TOKENS, composeText.replace(from, to)).services;
    expect(registerProblems(broken)).toContainEqual(expect.stringMatching(problem));
  });

  it('rejects an invalid port in the environment, as the register does at start-up', () => {
    expect(() => loadConfig({ ...services.api!.environment!, PORT: 'eighty' })).toThrow(ConfigError);
  });
});
