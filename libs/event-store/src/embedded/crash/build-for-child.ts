import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transformFile } from '@swc/core';

/**
 * Compiles the event-store sources to plain ESM for a child `node` process (jest runs TypeScript
 * through swc in-process; a child cannot import .ts). The output goes under the project's
 * node_modules/.cache so `lmdb` resolves from it. Returns the output directory.
 */
export async function buildEventStoreForChild(sourceRoot: string, projectRoot: string): Promise<string> {
  const cache = join(projectRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'flr-event-store-'));
  for (const file of walk(sourceRoot)) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts') || file.includes('/conformance/')) continue;
    const { code } = await transformFile(file, {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', baseUrl: projectRoot },
      module: { type: 'es6', resolveFully: true },
    });
    const target = join(outDir, relative(sourceRoot, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
  }
  return outDir;
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
