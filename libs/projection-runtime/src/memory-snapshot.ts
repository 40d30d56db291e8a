import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
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

/** Bytes read per call by `readSnapshot`: the event loop turns between them. */
export const SNAPSHOT_READ_CHUNK = 64 * 1024 * 1024;

/**
 * The snapshot of this name and version, or undefined when there is none (or `halted` turned true
 * while it was read). Read in chunks off the event loop: at the country's size the snapshots are
 * gigabytes (link index 1.9 GB, person register 1.6 GB), and one synchronous read of them held up
 * every request of a starting API for seconds, longer when the pages were not cached.
 */
export async function readSnapshot(
  folder: string,
  name: string,
  version: number,
  halted: () => boolean = () => false,
  chunk = SNAPSHOT_READ_CHUNK,
): Promise<LoadedSnapshot | undefined> {
  const path = snapshotPath(folder, name, version);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let file: Buffer;
  try {
    const { size } = await handle.stat();
    file = Buffer.allocUnsafe(size);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(file, at, Math.min(chunk, size - at), at);
      if (bytesRead === 0) throw new Error(`${path} ended after ${at} of its ${size} bytes`);
      at += bytesRead;
      if (halted()) return undefined;
    }
  } finally {
    await handle.close();
  }
  if (file.length < 4) throw new Error(`${path} is truncated`);
  const headerLength = file.readUInt32LE(0);
  if (4 + headerLength > file.length) throw new Error(`${path} is truncated`);
  const header = JSON.parse(file.subarray(4, 4 + headerLength).toString('utf8')) as Header;
  if (header.magic !== MAGIC || header.name !== name || header.version !== version)
    throw new Error(`${path} is not a snapshot of ${name}.v${version}`);
  const position: Position | null = header.position === null ? null : BigInt(header.position);
  return {
    checkpoint: { position, processed: header.processed, applied: header.applied },
    bytes: file.subarray(4 + headerLength),
  };
}
