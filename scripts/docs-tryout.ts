/**
 * Opens /docs of a fresh register in headless Chromium and, for every command in the order its
 * examples build one register, expands the operation, presses "Try it out", picks each example,
 * presses "Execute" and reads the status the page shows. Prints name=value lines:
 *   tryout_<METHOD>_<path>_<example>=<status>, tryout_operations, tryout_ok, tryout_failed.
 * Run: npm run docs:tryout (needs Debian's `chromium`; Node's WebSocket via --experimental-websocket).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { COMMANDS, TRY_OUT_ORDER } from '../apps/registry-api/src/docs/commands.catalogue';

const CHROMIUM = process.env.CHROMIUM ?? 'chromium';

async function startRegister(dataDir: string): Promise<{ app: INestApplication; url: string }> {
  Object.assign(process.env, { FLR_DATA_DIR: dataDir, FLR_TOKENS: '', LOG_LEVEL: 'error' });
  const { createApp } = await import('../apps/registry-api/src/bootstrap');
  const app = await createApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

function startChromium(profile: string): Promise<{ proc: ChildProcess; ws: string }> {
  const proc = spawn(CHROMIUM, [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    'about:blank',
  ]);
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${text}`)), 30_000);
    proc.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve({ proc, ws: match[1]! });
      }
    });
    proc.on('exit', (code) => reject(new Error(`chromium exited ${code}: ${text}`)));
  });
}

/** A minimal Chrome DevTools Protocol client over one WebSocket. */
class Cdp {
  private next = 1;
  private readonly pending = new Map<number, (msg: { result?: unknown; error?: unknown }) => void>();
  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (e: MessageEvent) => {
      const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown; error?: unknown };
      if (msg.id !== undefined) this.pending.get(msg.id)?.(msg);
    });
  }

  static open(url: string): Promise<Cdp> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.addEventListener('open', () => resolve(new Cdp(socket)));
      socket.addEventListener('error', () => reject(new Error(`cannot open ${url}`)));
    });
  }

  send<T = unknown>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.next++;
    this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => {
      this.pending.set(id, (msg) => {
        this.pending.delete(id);
        if (msg.error) reject(new Error(`${method}: ${JSON.stringify(msg.error)}`));
        else resolve(msg.result as T);
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** Runs in the page (plain JavaScript, no DOM types here): one operation, one example, through Swagger UI's own buttons. */
const TRY_ONE = `async (method, path, example) => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const until = async (find, what) => {
    for (let i = 0; i < 200; i++) {
      const found = find();
      if (found) return found;
      await sleep(50);
    }
    throw new Error('not found: ' + what);
  };
  const block = await until(
    () =>
      [...document.querySelectorAll('.opblock')].find(
        (b) =>
          b.querySelector('.opblock-summary-path')?.getAttribute('data-path') === path &&
          b.querySelector('.opblock-summary-method')?.textContent?.trim().toUpperCase() === method,
      ),
    method + ' ' + path,
  );
  if (!block.classList.contains('is-open'))
    (block.querySelector('.opblock-summary-control') ?? block.querySelector('.opblock-summary')).click();
  const tryOut = await until(() => block.querySelector('.try-out__btn'), 'Try it out');
  if (!tryOut.classList.contains('cancel')) tryOut.click();
  const setValue = (el, value) => {
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set.call(el, value);
    el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
  };
  // The previous answer away first: Clear also resets what was typed.
  const clear = block.querySelector('.btn-clear');
  if (clear) clear.click();
  await sleep(50);
  if (example) {
    const select = await until(() => block.querySelector('.opblock-section-request-body .examples-select select, .opblock-section-request-body select.examples-select-element'), 'example list');
    const option = [...select.options].find((o) => o.value === example || o.textContent === example);
    if (!option) throw new Error('no example ' + example + ' in ' + [...select.options].map((o) => o.value + '|' + o.textContent).join(', '));
    setValue(select, option.value);
    await sleep(200);
  }
  (await until(() => block.querySelector('.btn.execute'), 'Execute')).click();
  const status = await until(
    () => block.querySelector('.live-responses-table tbody .response-col_status')?.textContent?.trim(),
    'response status',
  );
  const body = block.querySelector('.live-responses-table .response-col_description pre')?.textContent ?? '';
  return JSON.stringify({ status: Number.parseInt(status, 10), body });
}`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'admin-docs-'));
  const profile = mkdtempSync(join(tmpdir(), 'admin-chrome-'));
  const { app, url } = await startRegister(dataDir);
  const { proc, ws } = await startChromium(profile);
  const cdp = await Cdp.open(ws);
  let failed = 0;
  let ok = 0;
  try {
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    await cdp.send('Page.navigate', { url: `${url}/docs` }, sessionId);
    for (const key of TRY_OUT_ORDER) {
      const [method, path] = key.split(' ') as [string, string];
      const examples = Object.keys(COMMANDS[key]?.examples ?? {});
      for (const example of examples.length ? examples : [null]) {
        const expression = `(${TRY_ONE})(${JSON.stringify(method)}, ${JSON.stringify(path)}, ${JSON.stringify(example)})`;
        const result = await cdp.send<{
          result: { value?: string };
          exceptionDetails?: { exception?: { description?: string } };
        }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
        const name = `tryout_${method}_${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '_')}_${example ?? 'none'}`;
        if (result.exceptionDetails || !result.result.value) {
          console.log(`${name}=error`);
          console.error(result.exceptionDetails?.exception?.description ?? 'no answer');
          failed++;
          continue;
        }
        const { status, body } = JSON.parse(result.result.value) as { status: number; body: string };
        console.log(`${name}=${status}`);
        if (status >= 200 && status < 300) ok++;
        else {
          failed++;
          console.error(`${key} ${example}: ${body.slice(0, 300)}`);
        }
      }
    }
  } finally {
    cdp.close();
    proc.kill('SIGTERM');
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`tryout_operations=${TRY_OUT_ORDER.length}`);
  console.log(`tryout_ok=${ok}`);
  console.log(`tryout_failed=${failed}`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
