import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** sha256 of a file's bytes, hex. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every regular file under `dir`, as paths relative to it (none when `dir` is missing). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** Copies a file and syncs the copy, creating its folder. */
export function copyDurably(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  syncFile(to);
}

/**
 * Copies an append-only line file (the audit log, the disclosure log) up to its last complete line:
 * a line being appended while the copy runs is left out, never cut in half.
 */
export function copyCompleteLines(from: string, to: string): void {
  const bytes = readFileSync(from);
  const end = bytes.lastIndexOf(0x0a) + 1;
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, bytes.subarray(0, end), { mode: 0o600 });
  syncFile(to);
}

export function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
