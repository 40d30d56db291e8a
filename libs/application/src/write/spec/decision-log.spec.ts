import { DecisionLog, type ManyPersonDecision } from '../decision-log';

const reduction = (personIds: string[]): ManyPersonDecision => ({
  kind: 'reduction',
  contractId: 'L-A',
  toContractId: 'L-B',
  effectiveFrom: '2024-11-01',
  personIds,
});

describe('the decision log', () => {
  it('keeps a decision until its last person is handled, then forgets it', () => {
    const log = new DecisionLog();
    log.open('r1', reduction(['p1', 'p2', 'p3']), { correlationId: 'c-1' });
    log.markDone('r1', 'p2');
    log.markDone('r1', 'p-not-in-it');
    expect(log.unfinished()).toEqual(['r1']);
    expect(log.isDone('r1', 'p2')).toBe(true);
    expect(log.isDone('r1', 'p1')).toBe(false);
    expect(log.origin('r1').correlationId).toBe('c-1');
    log.markDone('r1', 'p1');
    log.markDone('r1', 'p3');
    expect(log.unfinished()).toEqual([]);
    expect(log.get('r1')).toBeUndefined();
    expect(log.isDone('r1', 'p1')).toBe(true);
    expect(log.snapshotEntries()).toEqual({ decisions: [], done: [] });
  });

  it('carries the handled persons of an open decision through a snapshot', () => {
    const log = new DecisionLog();
    log.open('r1', reduction(['p1', 'p2', 'p3']));
    log.open('r2', reduction(['p4']));
    log.markDone('r1', 'p3');
    log.markDone('r2', 'p4');
    const restored = new DecisionLog();
    restored.restoreEntries(log.snapshotEntries());
    expect(restored.unfinished()).toEqual(['r1']);
    expect(restored.isDone('r1', 'p3')).toBe(true);
    expect(restored.isDone('r1', 'p1')).toBe(false);
    restored.markDone('r1', 'p1');
    restored.markDone('r1', 'p2');
    expect(restored.get('r1')).toBeUndefined();
  });

  it('keeps a decision without persons (a cancellation still ends its waiting list)', () => {
    const log = new DecisionLog();
    log.open('cancel-L-A', { ...reduction([]), kind: 'cancellation' });
    expect(log.get('cancel-L-A')?.kind).toBe('cancellation');
    expect(log.unfinished()).toEqual([]);
  });
});

describe('the decision log in a writer snapshot', () => {
  it('restores decisions and their handled persons given apart, as the snapshot sections are', () => {
    const log = new DecisionLog();
    log.open('r1', reduction(['p1', 'p2', 'p3']));
    log.markDone('r1', 'p1');
    const { decisions, done } = log.snapshotEntries();
    const restored = new DecisionLog();
    for (const entry of decisions) restored.restoreEntries({ decisions: [entry], done: [] });
    for (const entry of done) restored.restoreEntries({ decisions: [], done: [entry] });
    expect(restored.isDone('r1', 'p1')).toBe(true);
    expect(restored.isDone('r1', 'p2')).toBe(false);
    expect(restored.snapshotEntries()).toEqual(log.snapshotEntries());
  });
});
