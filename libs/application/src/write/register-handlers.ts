import {
  decideGp,
  decideMunicipality,
  evolveGp,
  type GpEvent,
  type GpState,
  initialGpState,
  initialMunicipalityState,
  streams,
} from '@flr/domain';
import { StreamNotFoundError } from '@flr/event-store';
import type { RegisterCommand } from './commands';
import type { WriteSession } from './write-session';

export async function registerGp(s: WriteSession, cmd: Extract<RegisterCommand, { type: 'RegisterGp' }>) {
  const state: GpState = s.view.gps.has(cmd.hpr)
    ? { ...initialGpState, registered: true, hpr: cmd.hpr }
    : initialGpState;
  const events = decideGp(
    {
      type: 'RegisterGp',
      hpr: cmd.hpr,
      name: cmd.name,
      birthDate: cmd.birthDate ?? null,
      sex: cmd.sex ?? null,
      specialistInGeneralPractice: cmd.specialistInGeneralPractice ?? false,
    },
    state,
  );
  await s.append(streams.gp(cmd.hpr), events);
}

/** R9: the municipality switches automatic assignment off or on, from the day it is registered. */
export async function setAutoAssignment(
  s: WriteSession,
  cmd: Extract<RegisterCommand, { type: 'SetAutoAssignment' }>,
) {
  const state = s.view.municipalities.get(cmd.number) ?? initialMunicipalityState;
  const events = decideMunicipality(
    { type: 'SetAutoAssignment', number: cmd.number, enabled: cmd.enabled, on: s.today },
    state,
  );
  await s.append(streams.municipality(cmd.number), events);
}

export async function renumberMunicipality(
  s: WriteSession,
  cmd: Extract<RegisterCommand, { type: 'RenumberMunicipality' }>,
) {
  const state = s.view.municipalities.get(cmd.number) ?? initialMunicipalityState;
  const events = decideMunicipality(
    {
      type: 'RenumberMunicipality',
      oldNumber: cmd.number,
      newNumber: cmd.newNumber,
      effectiveFrom: cmd.effectiveFrom,
      overrideReason: cmd.overrideReason ?? null,
    },
    state,
  );
  await s.append(streams.municipality(cmd.number), events);
  s.extras = { effectiveFrom: cmd.effectiveFrom };
}

/**
 * §2.2 (FLR GPUpdated): the GP's dated details are folded from its own stream (a handful of events),
 * so the writer view keeps only the set of registered HPR numbers.
 */
export async function updateGp(s: WriteSession, cmd: Extract<RegisterCommand, { type: 'UpdateGp' }>) {
  let state = initialGpState;
  if (s.view.gps.has(cmd.hpr)) {
    try {
      for await (const e of s.readStream(streams.gp(cmd.hpr)))
        state = evolveGp(state, { type: e.type, data: e.data } as GpEvent);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
  }
  const events = decideGp(
    { type: 'UpdateGp', hpr: cmd.hpr, validFrom: cmd.validFrom, changes: cmd.changes },
    state,
  );
  await s.append(streams.gp(cmd.hpr), events);
  s.extras = { effectiveFrom: cmd.validFrom };
}

/** Issue 11: a wrongly recorded renumbering is annulled with its reason (the actor is in the metadata). */
export async function correctRenumbering(
  s: WriteSession,
  cmd: Extract<RegisterCommand, { type: 'CorrectRenumbering' }>,
) {
  const state = s.view.municipalities.get(cmd.number) ?? initialMunicipalityState;
  const newNumber = state.renumbered?.newNumber;
  const events = decideMunicipality(
    { type: 'CorrectRenumbering', number: cmd.number, reason: cmd.reason, correctionId: s.newId() },
    state,
    {
      newNumberRenumberedSince:
        newNumber !== undefined && Boolean(s.view.municipalities.get(newNumber)?.renumbered),
    },
  );
  await s.append(streams.municipality(cmd.number), events);
}
