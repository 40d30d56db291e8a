import type { EventStore } from '../port';
import { appendCases } from './append.cases';
import { badInputCases } from './bad-input.cases';
import { deleteCases } from './deletes.cases';
import type { ConformanceHarness, HarnessFactory, SuiteContext } from './harness';
import { idempotencyCases } from './idempotency.cases';
import { readCases } from './reads.cases';
import { restartCases } from './restart.cases';
import { subscriptionCases } from './subscriptions.cases';

export interface ConformanceOptions {
  /** Runs the restart cases; the harness must then implement `reopen` (default false). */
  readonly restart?: boolean;
}

/**
 * The one conformance suite of the EventStore port (ESDB-PROTOCOL §2). Call it from an adapter's spec:
 * `describeEventStoreConformance('embedded', async () => ({ store, reopen, cleanup }))`.
 * It uses only the port, so every adapter runs the very same cases.
 */
export function describeEventStoreConformance(
  name: string,
  factory: HarnessFactory,
  options: ConformanceOptions = {},
): void {
  describe(`EventStore conformance: ${name}`, () => {
    let harness: ConformanceHarness | undefined;
    let store: EventStore | undefined;
    const ctx: SuiteContext = {
      store: () => {
        if (!store) throw new Error('the conformance harness is not ready');
        return store;
      },
      harness: () => {
        if (!harness) throw new Error('the conformance harness is not ready');
        return harness;
      },
      reopen: async () => {
        const reopen = ctx.harness().reopen;
        if (!reopen) throw new Error(`${name} cannot reopen its store`);
        store = await reopen.call(harness);
        return store;
      },
    };

    beforeAll(async () => {
      harness = await factory();
      store = harness.store;
    });

    afterAll(async () => {
      await harness?.cleanup();
    });

    appendCases(ctx);
    idempotencyCases(ctx);
    readCases(ctx);
    deleteCases(ctx);
    subscriptionCases(ctx);
    badInputCases(ctx);
    if (options.restart) restartCases(ctx);
  });
}
