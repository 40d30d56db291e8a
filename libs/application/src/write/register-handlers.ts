import { decideGp, decideMunicipality, initialGpState, initialMunicipalityState, streams } from '@flr/domain';
import type { RegisterCommand } from './commands';
import type { WriteSession } from './write-session';

export async function registerGp(s: WriteSession, cmd: Extract<RegisterCommand, { type: 'RegisterGp' }>) {
  const state = s.view.gps.has(cmd.hpr) ? { registered: true, hpr: cmd.hpr } : initialGpState;
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
