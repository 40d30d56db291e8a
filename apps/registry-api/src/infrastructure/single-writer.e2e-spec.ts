import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreLockedError } from '@flr/event-store';

/**
 * One writer per data folder (issue 9, defect 7): a second server on a folder whose writer lock is
 * held by a live process refuses to start with the reason, instead of starting, reporting healthy
 * and answering 500 to every command.
 */
describe('a second server on the same data folder', () => {
  it('refuses to start, naming the process that holds the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flr-two-writers-'));
    // Another live process holds the lock (as a running register would).
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    const saved = { ...process.env };
    try {
      mkdirSync(join(dir, 'events'), { recursive: true });
      writeFileSync(join(dir, 'events', 'writer.lock'), String(holder.pid));
      Object.assign(process.env, { FLR_DATA_DIR: dir, FLR_TOKENS: '' });
      const { createApp } = await import('../bootstrap');
      const app = await createApp({ logger: false });
      const started = app.init(); // what listen() runs first: start-up hooks
      await expect(started).rejects.toBeInstanceOf(StoreLockedError);
      await expect(started).rejects.toThrow(`being written by process ${holder.pid}`);
      await app.close().catch(() => undefined);
    } finally {
      process.env = saved;
      holder.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
