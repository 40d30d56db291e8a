import { CommandProcessor, type RegisterCommand } from '@flr/application';
import { type CorrectableFact, DEFAULT_REGISTER_RULES, makeOrgNo } from '@flr/domain';
import type { EventStore } from '@flr/event-store';
import { nin } from '@flr/testing';

const OSLO = '0301';
const BERGEN = '4601';

/** The persons of the corrected register, by the fact a correction annulled on each. */
export const CORRECTED = {
  /** On L-A since 2020-02-01, waiting for L-B since 2020-06-01; a death recorded on 2021-03-10 was annulled. */
  died: nin('1950-01-10', 0),
  /** On L-A, waiting for L-B since 2020-06-01; a move to Bergen recorded on 2021-05-10 was annulled. */
  moved: nin('1960-01-10', 0),
  /** On L-A; an opt-out recorded on 2021-06-10 was annulled. */
  optedOut: nin('1970-01-10', 0),
  /** On L-A; an emigration recorded on 2021-07-10 was annulled. */
  emigrated: nin('1980-01-10', 0),
  /** Fills L-B's one place (so the others can wait for it). */
  onB: nin('1990-01-10', 0),
  /** On L-A and waiting for L-B; died on 2021-03-01, a death that stands. */
  dead: nin('1945-01-10', 0),
} as const;

/** The day each correction was registered: before it, the register believed the wrong fact. */
export const CORRECTED_ON = '2021-09-01';

/**
 * A small register written through the real command processor: two lists in Oslo, six persons, and
 * a death, a move, an opt-out and an emigration each recorded and then annulled by a correction
 * (CorrectFact, issue 11), next to a death that stands. The analysts' tables must show the history
 * as corrected, as the API's read models do.
 */
export async function writeCorrectedRegister(store: EventStore): Promise<void> {
  const processor = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
  await processor.start();
  const run = (date: string, command: RegisterCommand) =>
    processor.execute(command, { actor: 'spec', registeredAt: `${date}T12:00:00+01:00` });
  const officeOrgNo = makeOrgNo('91234567') ?? makeOrgNo('91234568')!;
  try {
    for (const [contractId, maxPatients] of [
      ['L-A', 20],
      ['L-B', 1],
    ] as const)
      await run('2020-01-01', {
        type: 'CreateContract',
        contractId,
        municipality: OSLO,
        officeOrgNo,
        maxPatients,
        validFrom: '2020-01-01',
      });
    await run('2020-01-02', { type: 'RegisterPerson', nin: CORRECTED.onB, municipality: OSLO });
    await run('2020-01-02', { type: 'AssignPatient', nin: CORRECTED.onB, contractId: 'L-B' });
    for (const person of [
      CORRECTED.died,
      CORRECTED.moved,
      CORRECTED.optedOut,
      CORRECTED.emigrated,
      CORRECTED.dead,
    ]) {
      await run('2020-01-02', { type: 'RegisterPerson', nin: person, municipality: OSLO });
      await run('2020-01-02', { type: 'AssignPatient', nin: person, contractId: 'L-A' });
    }
    for (const person of [CORRECTED.died, CORRECTED.moved, CORRECTED.dead])
      await run('2020-06-01', { type: 'JoinWaitingList', nin: person, contractId: 'L-B' });
    await run('2021-03-02', { type: 'RecordDeath', nin: CORRECTED.dead, diedOn: '2021-03-01' });
    await run('2021-03-10', { type: 'RecordDeath', nin: CORRECTED.died, diedOn: '2021-03-05' });
    await run('2021-05-10', {
      type: 'RecordMove',
      nin: CORRECTED.moved,
      municipality: BERGEN,
      movedOn: '2021-05-10',
    });
    await run('2021-06-10', { type: 'OptOut', nin: CORRECTED.optedOut });
    await run('2021-07-10', {
      type: 'RecordEmigration',
      nin: CORRECTED.emigrated,
      emigratedOn: '2021-07-10',
    });
    const corrections: [string, CorrectableFact][] = [
      [CORRECTED.died, 'death'],
      [CORRECTED.moved, 'move'],
      [CORRECTED.optedOut, 'opt-out'],
      [CORRECTED.emigrated, 'emigration'],
    ];
    for (const [person, fact] of corrections)
      await run(CORRECTED_ON, {
        type: 'CorrectFact',
        nin: person,
        fact,
        reason: 'recorded on the wrong person',
      });
  } finally {
    await processor.stop();
  }
}
