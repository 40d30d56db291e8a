import { Waiters } from './waiters';

describe('waits on a runtime condition (idle feed followers, X-Min-Position)', () => {
  it('a wait answers true on the notify that meets its condition, and leaves nothing pending', async () => {
    const waiters = new Waiters();
    let met = false;
    const answer = waiters.wait(() => met, 60_000);
    waiters.notify();
    expect(waiters.size).toBe(1);
    met = true;
    waiters.notify();
    await expect(answer).resolves.toBe(true);
    expect(waiters.size).toBe(0);
  });

  it('an aborted wait answers false at once and drops its waiter and timer (a follower that left)', async () => {
    const waiters = new Waiters();
    const left = new AbortController();
    const answer = waiters.wait(() => false, 60_000, left.signal);
    expect(waiters.size).toBe(1);
    const started = Date.now();
    left.abort();
    await expect(answer).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(waiters.size).toBe(0);
  });

  it('a wait with an already aborted signal answers false without waiting', async () => {
    const waiters = new Waiters();
    const left = new AbortController();
    left.abort();
    await expect(waiters.wait(() => false, 60_000, left.signal)).resolves.toBe(false);
    expect(waiters.size).toBe(0);
  });

  it('a wait met later no longer listens to its signal', async () => {
    const waiters = new Waiters();
    const signal = new AbortController();
    let met = false;
    const answer = waiters.wait(() => met, 60_000, signal.signal);
    met = true;
    waiters.notify();
    await expect(answer).resolves.toBe(true);
    signal.abort(); // after the answer: nothing left to settle, nothing thrown
    expect(waiters.size).toBe(0);
  });
});
