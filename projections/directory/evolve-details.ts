import type { ContractDetailsUpdated, GpDetailsUpdated, MunicipalityRenumberingAnnulled } from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import { update } from './evolve';
import { dirKeys, type GpDoc, type RenumberingDoc } from './model';

/** §2.4: dated detail changes; a new office org number is indexed so the office finds the list. */
export function onContractDetailsUpdated(
  tx: ReadModelTx,
  d: ContractDetailsUpdated['data'],
  r: number,
): void {
  update(tx, d.contractId, (doc) => {
    doc.details = [...(doc.details ?? []), { from: d.validFrom, recordedAt: r, changes: d.changes }];
  });
  if (d.changes.officeOrgNo !== undefined && tx.get(dirKeys.contract(d.contractId)))
    tx.put(dirKeys.office(d.changes.officeOrgNo, d.contractId), 1);
}

/** §2.2, §1.9: dated changes of a GP's name, specialist status, HER-id. */
export function onGpDetailsUpdated(tx: ReadModelTx, d: GpDetailsUpdated['data'], r: number): void {
  const gp = tx.get<GpDoc>(dirKeys.gp(d.hpr));
  if (!gp) return;
  gp.updates = [...(gp.updates ?? []), { from: d.validFrom, recordedAt: r, changes: d.changes }];
  tx.put(dirKeys.gp(d.hpr), gp);
}

/**
 * Issue 11: a wrong renumbering annulled. The contracts' dated codes it added are marked annulled at
 * the correction's record time (valid time: the number never changed; `asOf` before: as believed then).
 * The index under the new number stays: lookups check the dated codes.
 */
export function onRenumberingAnnulled(
  tx: ReadModelTx,
  d: MunicipalityRenumberingAnnulled['data'],
  r: number,
): void {
  const ids: string[] = [];
  for (const { key } of tx.range({ start: ['m', d.oldNumber], end: ['m', `${d.oldNumber}\uffff`] })) {
    const k = key as string[];
    if (k[1] === d.oldNumber) ids.push(k[2]);
  }
  for (const id of ids)
    update(tx, id, (doc) => {
      // A contract created after the renumbering was recorded and valid only from after its date got
      // the new code from its own start (`renumberedSinceRecorded`); the created code is never annulled.
      for (const m of doc.municipality.slice(1))
        if (m.value === d.newNumber && m.from >= d.effectiveFrom && m.annulledAt === undefined)
          m.annulledAt = r;
    });
  const rn = tx.get<RenumberingDoc>(['rn', d.oldNumber]);
  if (rn && rn.to === d.newNumber) tx.put(['rn', d.oldNumber], { ...rn, annulledAt: r });
}
