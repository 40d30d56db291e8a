import { execFileSync, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const MAIN = join(ROOT, 'dist-cli/apps/registry-cli/src/main.js');

/**
 * Builds the command line into dist-cli (never dist/). nest-commander is CommonJS and requires the
 * ESM-only Nest, which Node loads but jest's module runtime does not: the CLI runs as a child process.
 */
export function buildCli(): void {
  execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
}

/** Runs one `flr` command line as a child process and captures what it writes. */
export function flr(...args: string[]): Promise<CliRun> {
  return flrWith({}, ...args);
}

export function flrWith(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}
