import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StoreLockedError } from '../errors';

const heldInThisProcess = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One writer per data directory: positions are allocated in the writer's memory, so a second writer
 * would collide. Readers (replays, the CLI next to a running API) never take the lock. A lock left
 * by a killed process is taken over.
 */
export class WriterLock {
  private constructor(private readonly file: string) {}

  static acquire(path: string): WriterLock {
    const dir = resolve(path);
    if (heldInThisProcess.has(dir)) throw new StoreLockedError(path, process.pid);
    const file = join(dir, 'writer.lock');
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) throw new StoreLockedError(path, holder);
      writeFileSync(file, String(process.pid)); // stale: its process is gone
    }
    heldInThisProcess.add(dir);
    return new WriterLock(file);
  }

  release(): void {
    heldInThisProcess.delete(resolve(this.file, '..'));
    try {
      if (Number(readFileSync(this.file, 'utf8')) === process.pid) unlinkSync(this.file);
    } catch {
      // already gone
    }
  }
}
