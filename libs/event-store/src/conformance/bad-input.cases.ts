import { InvalidEventError, MaxAppendSizeExceededError, StreamNotFoundError } from '../errors';
import type { EventData } from '../port';
import { anEvent, collect, rejectionOf, type SuiteContext, uniqueStream } from './harness';

/** Appends [valid, bad, valid] and checks the typed refusal and that nothing at all was written. */
async function expectRefusedWhole(ctx: SuiteContext, bad: unknown, reason: string): Promise<void> {
  const stream = uniqueStream('bad');
  const head = await ctx.store().headPosition();
  const events = [anEvent(), bad, anEvent()] as EventData[];
  const error = await rejectionOf(ctx.store().appendToStream(stream, events));
  expect(error).toBeInstanceOf(InvalidEventError);
  expect(error).toMatchObject({ reason });
  expect(await rejectionOf(collect(ctx.store().readStream(stream)))).toBeInstanceOf(StreamNotFoundError);
  expect(await ctx.store().headPosition()).toBe(head);
}

export function badInputCases(ctx: SuiteContext): void {
  describe('bad input', () => {
    it('refuses an event without a type and writes nothing of the append', async () => {
      await expectRefusedWhole(ctx, { ...anEvent(), type: '' }, 'missing-type');
      await expectRefusedWhole(ctx, { id: anEvent().id, data: {} }, 'missing-type');
    });

    it('refuses JSON data that cannot be serialised (a BigInt, a cycle, undefined)', async () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expectRefusedWhole(ctx, { ...anEvent(), data: { amount: 10n } }, 'invalid-json');
      await expectRefusedWhole(ctx, { ...anEvent(), data: cyclic }, 'invalid-json');
      await expectRefusedWhole(ctx, { ...anEvent(), data: undefined }, 'invalid-json');
    });

    it('refuses an event whose id is not a uuid', async () => {
      await expectRefusedWhole(ctx, { ...anEvent(), id: 'not-a-uuid' }, 'invalid-id');
      await expectRefusedWhole(ctx, { ...anEvent(), id: 42 }, 'invalid-id');
    });

    it('refuses metadata that is not a JSON object', async () => {
      await expectRefusedWhole(ctx, { ...anEvent(), metadata: [1, 2] }, 'invalid-metadata');
    });

    it('refuses an append over 1 MiB with MaxAppendSizeExceeded and writes nothing', async () => {
      const stream = uniqueStream('big');
      const head = await ctx.store().headPosition();
      const chunk = 'x'.repeat(400 * 1024);
      const events = [anEvent('Big', { chunk }), anEvent('Big', { chunk }), anEvent('Big', { chunk })];
      const error = await rejectionOf(ctx.store().appendToStream(stream, events));
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect(error).toMatchObject({ maxAppendSize: 1_048_576 });
      expect(await rejectionOf(collect(ctx.store().readStream(stream)))).toBeInstanceOf(StreamNotFoundError);
      expect(await ctx.store().headPosition()).toBe(head);
    });

    it('accepts an append just under the maximum size', async () => {
      const stream = uniqueStream('big');
      const chunk = 'x'.repeat(300 * 1024);
      const result = await ctx
        .store()
        .appendToStream(stream, [anEvent('Big', { chunk }), anEvent('Big', { chunk })]);
      expect(result.nextExpectedRevision).toBe(1n);
    });
  });
}
