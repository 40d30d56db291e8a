/**
 * Module hooks for a rebuild thread started from TypeScript sources (the jest suite runs the
 * sources; a built server runs dist/ and never loads this): resolves the @flr/* aliases of
 * tsconfig.base.json and extensionless relative imports, and compiles .ts files with swc the way
 * jest.config.js does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@swc/core';

const root = new URL('../../../../', import.meta.url);
const paths = JSON.parse(readFileSync(new URL('tsconfig.base.json', root), 'utf8')).compilerOptions.paths;
const aliases = new Map(Object.entries(paths).map(([name, [target]]) => [name, new URL(target, root).href]));

export async function resolve(specifier, context, next) {
  const alias = aliases.get(specifier);
  if (alias) return { url: alias, shortCircuit: true };
  if (/^\.{1,2}\//.test(specifier) && context.parentURL?.endsWith('.ts')) {
    const base = new URL(specifier.replace(/\.js$/, ''), context.parentURL).href;
    for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
      if (existsSync(fileURLToPath(candidate))) return { url: candidate, shortCircuit: true };
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const filename = fileURLToPath(url);
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
