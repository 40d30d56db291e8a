// Prints coverage by folder (apps/<app>, libs/<lib>, projections/<read model>) from the json-summary
// that `npm run test:coverage` writes; every source file counts, whether a test loaded it or not.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const summary = JSON.parse(readFileSync(resolve(root, 'coverage/coverage-summary.json'), 'utf8'));
const KINDS = ['statements', 'branches', 'functions', 'lines'];
const folders = new Map();
const add = (name, file) => {
  const folder = folders.get(name) ?? { files: 0, ...Object.fromEntries(KINDS.map((k) => [k, [0, 0]])) };
  folder.files += 1;
  for (const k of KINDS) {
    folder[k][0] += file[k].covered;
    folder[k][1] += file[k].total;
  }
  folders.set(name, folder);
};
for (const [path, file] of Object.entries(summary)) {
  if (path === 'total') continue;
  add(relative(root, path).split('/').slice(0, 2).join('/'), file);
  add('all', file);
}
const pct = ([covered, total]) => (total === 0 ? '100.0' : ((100 * covered) / total).toFixed(1));
console.log(`| folder | files | statements % | branches % | functions % | lines % |`);
console.log(`|---|---|---|---|---|---|`);
for (const [name, f] of [...folders].sort(([a], [b]) =>
  a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b),
))
  console.log(`| ${name} | ${f.files} | ${KINDS.map((k) => pct(f[k])).join(' | ')} |`);
