import type { BeginReason, EndReason } from '@flr/domain';
import { History } from './history';

/** Builders for the common facts of read-side scenarios. */
export class Scenario extends History {
  private assoc = 0;

  person(personId: string, nin: string, on = '2001-01-01', municipality = '0301'): this {
    return this.add(
      'PersonRegistered',
      {
        personId,
        nin,
        ninKind: Number(nin[0]) >= 4 ? 'DNR' : 'FNR',
        birthDate: '1985-03-15',
        sex: 'male',
        municipality,
        householdId: null,
        parentIds: [],
        entitlement: null,
        registeredOn: on,
      },
      on,
    );
  }

  contract(
    contractId: string,
    validFrom: string,
    maxPatients = 1500,
    municipality = '0301',
    extra: Partial<{
      status: 'open' | 'closed' | 'locked';
      commonList: boolean;
      officeOrgNo: string;
      /** Record time (default: the day it takes effect). */
      registeredAt: string;
    }> = {},
  ): this {
    return this.add(
      'ContractCreated',
      {
        contractId,
        municipality,
        officeOrgNo: extra.officeOrgNo ?? '974760673',
        maxPatients,
        validFrom,
        commonList: extra.commonList ?? false,
        fixedSalary: false,
        status: extra.status ?? 'open',
      },
      extra.registeredAt ?? validFrom,
    );
  }

  gp(hpr: number, name: string, birthDate = '1970-05-05', sex: 'male' | 'female' = 'female'): this {
    return this.add(
      'GpRegistered',
      { hpr, name, birthDate, sex, specialistInGeneralPractice: true },
      '2001-01-01',
    );
  }

  doctor(
    contractId: string,
    periodId: string,
    hpr: number,
    rel: 'LPFL' | 'LPVI',
    from: string,
    to: string | null = null,
    substituteForHpr: number | null = null,
    registeredAt = from,
  ): this {
    return this.add(
      'DoctorPeriodStarted',
      { contractId, periodId, hpr, relationship: rel, from, to, substituteForHpr, workingPercentage: null },
      registeredAt,
    );
  }

  /** Lists a person; returns the association id through `ids`. */
  list(
    personId: string,
    contractId: string,
    from: string,
    registeredAt: string,
    beginReason: BeginReason = 'CHOICE',
    associationId = `a${++this.assoc}`,
  ): this {
    return this.add(
      'PatientListed',
      {
        personId,
        associationId,
        contractId,
        from,
        beginReason,
        countsTowardLimit: false,
        countedInYear: null,
        requestedBy: null,
        overrideReason: null,
      },
      registeredAt,
    );
  }

  unlist(
    personId: string,
    associationId: string,
    contractId: string,
    to: string,
    registeredAt: string,
    endReason: EndReason = 'CHANGED',
  ): this {
    return this.add('PatientUnlisted', { personId, associationId, contractId, to, endReason }, registeredAt);
  }

  /** Moves a person from one link to a new one on `from` (R-Move: old.to = new.from). */
  change(
    personId: string,
    fromAssoc: string,
    fromContract: string,
    toContract: string,
    from: string,
    registeredAt: string,
    toAssoc: string,
    beginReason: BeginReason = 'CHOICE',
  ): this {
    this.list(personId, toContract, from, registeredAt, beginReason, toAssoc);
    return this.unlist(personId, fromAssoc, fromContract, from, registeredAt);
  }
}
