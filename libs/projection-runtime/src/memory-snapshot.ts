import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Position } from '@flr/event-store';
import type { Checkpoint } from './storage';

const MAGIC = 'flr-memory-snapshot';

interface Header {
  magic: string;
  name: string;
  version: number;
  position: string | null;
  processed: number;
  applied: number;
}

export interface LoadedSnapshot {
  readonly checkpoint: Checkpoint;
  readonly bytes: Buffer;
}

export function snapshotPath(folder: string, name: string, version: number): string {
  return join(folder, `${name}.v${version}.snapshot`);
}

/**
 * Writes header + model bytes to a temporary file, syncs it and renames it over the previous
 * snapshot: a crash leaves either the old snapshot or the new one, never a torn file.
 */
export function writeSnapshot(
  folder: string,
  name: string,
  version: number,
  checkpoint: Checkpoint,
  parts: readonly Buffer[],
): void {
  mkdirSync(folder, { recursive: true });
  const path = snapshotPath(folder, name, version);
  // A rebuild thread of this process may write a snapshot at the same time: pid and thread apart.
  const temporary = `${path}.${process.pid}.${threadId}.tmp`;
  const header: Header = {
    magic: MAGIC,
    name,
    version,
    position: checkpoint.position === null ? null : checkpoint.position.toString(),
    processed: checkpoint.processed,
    applied: checkpoint.applied,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32LE(headerBytes.length);
  const fd = openSync(temporary, 'w');
  try {
    for (const part of [length, headerBytes, ...parts]) {
      let written = 0;
      while (written < part.length) written += writeSync(fd, part, written, part.length - written);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const dir = openSync(folder, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** The snapshot of this name and version, or undefined when there is none. */
export function readSnapshot(folder: string, name: string, version: number): LoadedSnapshot | undefined {
  const path = snapshotPath(folder, name, version);
  if (!existsSync(path)) return undefined;
  const file = readFileSync(path);
  const headerLength = file.readUInt32LE(0);
  const header = JSON.parse(file.subarray(4, 4 + headerLength).toString('utf8')) as Header;
  if (header.magic !== MAGIC || header.name !== name || header.version !== version)
    throw new Error(`${path} is not a snapshot of ${name}.v${version}`);
  const position: Position | null = header.position === null ? null : BigInt(header.position);
  return {
    checkpoint: { position, processed: header.processed, applied: header.applied },
    bytes: file.subarray(4 + headerLength),
  };
}
