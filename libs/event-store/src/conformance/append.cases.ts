import { WrongExpectedVersionError } from '../errors';
import { anEvent, collect, rejectionOf, type SuiteContext, someEvents, uniqueStream } from './harness';

export function appendCases(ctx: SuiteContext): void {
  describe('append', () => {
    it('appends to a new stream and answers revision 0 and the position of the event', async () => {
      const stream = uniqueStream('append');
      const result = await ctx.store().appendToStream(stream, [anEvent()]);
      expect(result.nextExpectedRevision).toBe(0n);
      const [event] = await collect(ctx.store().readStream(stream));
      expect(event!.position).toBe(result.position);
    });

    it('continues revisions and strictly increases positions across appends', async () => {
      const stream = uniqueStream('append');
      const first = await ctx.store().appendToStream(stream, someEvents(3));
      const second = await ctx.store().appendToStream(stream, someEvents(2));
      expect(first.nextExpectedRevision).toBe(2n);
      expect(second.nextExpectedRevision).toBe(4n);
      const events = await collect(ctx.store().readStream(stream));
      expect(events.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      for (let i = 1; i < events.length; i++)
        expect(events[i]!.position > events[i - 1]!.position).toBe(true);
      expect(second.position).toBe(events[4]!.position);
      expect(await ctx.store().headPosition()).toBeGreaterThanOrEqual(second.position);
    });

    it('records the envelope: id, type, data, metadata, stream, revision, position and recordedAt', async () => {
      const stream = uniqueStream('envelope');
      const event = { ...anEvent('PatientListed', { person: 'p-1', dates: ['2024-01-01'], n: 2.5 }) };
      const before = Date.now();
      await ctx
        .store()
        .appendToStream(stream, [{ ...event, metadata: { actor: 'admin', causation: 'c-1' } }]);
      const [recorded] = await collect(ctx.store().readStream(stream));
      expect(recorded).toMatchObject({
        id: event.id,
        type: 'PatientListed',
        data: { person: 'p-1', dates: ['2024-01-01'], n: 2.5 },
        metadata: { actor: 'admin', causation: 'c-1' },
        stream,
        revision: 0n,
        isJson: true,
      });
      expect(typeof recorded!.position).toBe('bigint');
      expect(recorded!.recordedAt).toBeInstanceOf(Date);
      expect(recorded!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    });

    it('keeps binary data as bytes', async () => {
      const stream = uniqueStream('binary');
      const bytes = new Uint8Array([0, 1, 2, 254, 255]);
      await ctx
        .store()
        .appendToStream(stream, [
          { ...anEvent('Blob'), data: bytes, contentType: 'application/octet-stream' },
        ]);
      const [recorded] = await collect(ctx.store().readStream(stream));
      expect(recorded!.isJson).toBe(false);
      expect(Array.from(recorded!.data as Uint8Array)).toEqual([0, 1, 2, 254, 255]);
    });

    it('accepts no_stream for a missing stream and refuses it once the stream exists', async () => {
      const stream = uniqueStream('nostream');
      await ctx.store().appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
      const error = await rejectionOf(
        ctx.store().appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' }),
      );
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ stream, expected: 'no_stream', actual: 0n });
    });

    it('refuses stream_exists on a missing stream and accepts it on an existing one', async () => {
      const stream = uniqueStream('exists');
      const error = await rejectionOf(
        ctx.store().appendToStream(stream, [anEvent()], { expectedRevision: 'stream_exists' }),
      );
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
      await ctx.store().appendToStream(stream, [anEvent()]);
      const ok = await ctx.store().appendToStream(stream, [anEvent()], { expectedRevision: 'stream_exists' });
      expect(ok.nextExpectedRevision).toBe(1n);
    });

    it('accepts an exact revision only when it equals the last revision', async () => {
      const stream = uniqueStream('exact');
      await ctx.store().appendToStream(stream, someEvents(2));
      const tooHigh = await rejectionOf(
        ctx.store().appendToStream(stream, [anEvent()], { expectedRevision: 5n }),
      );
      expect(tooHigh).toMatchObject({ expected: 5n, actual: 1n });
      expect(tooHigh).toBeInstanceOf(WrongExpectedVersionError);
      const tooLow = await rejectionOf(
        ctx.store().appendToStream(stream, [anEvent()], { expectedRevision: 0n }),
      );
      expect(tooLow).toBeInstanceOf(WrongExpectedVersionError);
      const onMissing = await rejectionOf(
        ctx.store().appendToStream(uniqueStream('exact'), [anEvent()], { expectedRevision: 0n }),
      );
      expect(onMissing).toMatchObject({ expected: 0n, actual: 'no_stream' });
      const ok = await ctx.store().appendToStream(stream, [anEvent()], { expectedRevision: 1n });
      expect(ok.nextExpectedRevision).toBe(2n);
      expect(await collect(ctx.store().readStream(stream))).toHaveLength(3);
    });

    it('accepts any whatever the state of the stream', async () => {
      const stream = uniqueStream('any');
      expect((await ctx.store().appendToStream(stream, [anEvent()])).nextExpectedRevision).toBe(0n);
      const again = await ctx.store().appendToStream(stream, [anEvent()], { expectedRevision: 'any' });
      expect(again.nextExpectedRevision).toBe(1n);
    });

    it('lets exactly one of 50 concurrent appends with the same expected revision succeed', async () => {
      const stream = uniqueStream('race');
      await ctx.store().appendToStream(stream, [anEvent()]);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, () =>
          ctx.store().appendToStream(stream, [anEvent('Raced')], { expectedRevision: 0n }),
        ),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const error of lost) expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(await collect(ctx.store().readStream(stream))).toHaveLength(2);
    });
  });
}
