import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '@flr/application';
import { parse } from 'yaml';

// No Docker engine runs here, so the deployment files are checked statically.
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const composeText = readFileSync(join(root, 'docker/docker-compose.yml'), 'utf8');
const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');

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

const compose = (env: Record<string, string>) =>
  parse(interpolate(composeText, env), { merge: true }) as {
    services: Record<string, Service>;
    volumes: object;
  };

describe('the docker compose deployment', () => {
  const { services, volumes } = compose({ FLR_TOKENS: 'admin-token:admin,feed-token:subscriber' });
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
    for (const name of ['api', 'worker']) {
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

  it('rejects an invalid port in the environment, as the register does at start-up', () => {
    expect(() => loadConfig({ ...services.api!.environment!, PORT: 'eighty' })).toThrow(ConfigError);
  });
});
