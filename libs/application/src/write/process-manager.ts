import { decidePerson, type PersonCommand, streams } from '@flr/domain';
import { closeTakenIntake } from './person-handlers';
import { deterministicId, type WriteSession } from './write-session';

/**
 * Carries out a many-person decision (R31 reduction, R34b cancellation) person by person. Each step
 * is one append to one person stream with ids derived from the decision and the person, tagged with
 * `metadata.decisionId`; the writer view knows which persons are done, so after a crash the same call
 * resumes where it stopped and nobody is moved twice.
 */
export async function completeDecision(s: WriteSession, decisionId: string): Promise<void> {
  const decision = s.view.decisions.get(decisionId);
  if (!decision) return;
  const ctx = { rules: s.rules, today: s.today, registeredAt: s.registeredAt };
  for (const personId of decision.personIds) {
    if (s.view.decisions.isDone(decisionId, personId)) continue;
    // Between slices other commands may have moved the person: MoveByDecision decides from the
    // person as they are now (no longer on the list: skipped).
    await s.nextPerson();
    const person = await s.view.person(personId);
    if (!person) continue;
    const command: PersonCommand = {
      type: 'MoveByDecision',
      fromContractId: decision.contractId,
      toContractId: decision.toContractId,
      associationId: deterministicId(decisionId, personId, 'association'),
      effectiveFrom: decision.effectiveFrom,
      beginReason: decision.kind === 'reduction' ? 'REDUCTION_MOVE' : 'CONTRACT_END_MOVE',
      endReason: decision.kind === 'reduction' ? 'REDUCTION' : 'CONTRACT_ENDED',
    };
    const events = decidePerson(command, person, { ...ctx, today: decision.effectiveFrom });
    await s.append(streams.person(personId), events, { decisionId, idSeed: `${decisionId}:${personId}` });
  }
  // R14: the moves are arrivals of the batch the job opened the list for; filled, it closes now, as
  // it does after a choice, so queries answer the status ChangeGP sees (not only after the next run).
  await closeTakenIntake(s, decision.toContractId);
  if (decision.kind === 'cancellation') {
    // R26: waiting-list entries for an ended contract end too.
    const queue = [...(s.view.waiting.get(decision.contractId)?.keys() ?? [])];
    for (const personId of queue) {
      await s.nextPerson();
      if (!s.view.waiting.get(decision.contractId)?.has(personId)) continue;
      const events = decidePerson(
        { type: 'LeaveWaitingList', contractId: decision.contractId, reason: 'CONTRACT_ENDED' },
        (await s.view.person(personId))!,
        ctx,
      );
      await s.append(streams.person(personId), events, { idSeed: `${decisionId}:${personId}:waiting` });
    }
  }
}
