/**
 * Write-side bench: rebuilding the single writer's view from the log, and deciding commands.
 * Prints `name=value` lines. Run: npm run build && node --expose-gc dist/scripts/bench-writer.js [persons] [memory|embedded]
 */
import { CommandProcessor } from '@flr/application';
import { DEFAULT_REGISTER_RULES, makeNin } from '@flr/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { InMemoryEventStore } from '@flr/testing';

const persons = Number(process.argv[2] ?? 200_000);
const contracts = Math.max(1, Math.ceil(persons / 1000));
// `embedded` as the second argument: the LMDB store in a temporary folder (default: in memory).
const dir = mkdtempSync(join(tmpdir(), 'flr-bench-writer-'));
const store: EventStore =
  process.argv[3] === 'embedded' ? await openEmbeddedEventStore({ path: dir }) : new InMemoryEventStore();
const meta = { registeredAt: '2020-01-01T12:00:00+01:00', actor: 'bench' };

for (let c = 0; c < contracts; c++) {
  const contractId = `C${c}`;
  await store.appendToStream(`contract-${contractId}`, [
    {
      id: crypto.randomUUID(),
      type: 'ContractCreated',
      data: {
        contractId,
        municipality: '0301',
        officeOrgNo: '923609016',
        maxPatients: 1100,
        validFrom: '2001-06-01',
        commonList: false,
        fixedSalary: false,
        status: 'open',
      },
      metadata: meta,
    },
  ]);
}
let events = contracts;
for (let i = 0; i < persons; i++) {
  const personId = `p${i}`;
  const nin = makeNin('1970-01-01', i % 500) ?? `x${i}`;
  const first = {
    personId,
    associationId: `a${i}`,
    contractId: `C${i % contracts}`,
    from: '2001-06-01',
    beginReason: 'INITIAL_2001',
    countsTowardLimit: false,
    countedInYear: null,
    requestedBy: null,
    overrideReason: null,
  };
  const second = {
    ...first,
    associationId: `b${i}`,
    contractId: `C${(i + 1) % contracts}`,
    from: '2010-02-01',
    beginReason: 'CHOICE',
    countsTowardLimit: true,
    countedInYear: 2010,
  };
  await store.appendToStream(`person-${personId}`, [
    {
      id: crypto.randomUUID(),
      type: 'PersonRegistered',
      data: {
        personId,
        nin: `${nin}-${i}`,
        ninKind: 'FNR',
        birthDate: '1970-01-01',
        sex: 'male',
        municipality: '0301',
        householdId: null,
        parentIds: [],
        entitlement: null,
        registeredOn: '2001-01-01',
      },
      metadata: meta,
    },
    { id: crypto.randomUUID(), type: 'PatientListed', data: first, metadata: meta },
    {
      id: crypto.randomUUID(),
      type: 'PatientUnlisted',
      data: {
        personId,
        associationId: `a${i}`,
        contractId: first.contractId,
        to: '2010-02-01',
        endReason: 'CHANGED',
      },
      metadata: meta,
    },
    { id: crypto.randomUUID(), type: 'PatientListed', data: second, metadata: meta },
  ]);
  events += 4;
}

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const processor = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
await processor.start();
const rebuildMs = performance.now() - started;
global.gc?.();
const heapAfter = process.memoryUsage().heapUsed;
console.log(`writer_rebuild_events=${events}`);
console.log(`writer_rebuild_ms=${rebuildMs.toFixed(0)}`);
console.log(`writer_rebuild_events_per_s=${Math.round(events / (rebuildMs / 1000))}`);
console.log(
  `writer_view_heap_mb_per_100k_persons=${((((heapAfter - heapBefore) / persons) * 100_000) / 2 ** 20).toFixed(1)}`,
);

const n = Math.min(2000, persons);
let accepted = 0;
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const nin = `${makeNin('1970-01-01', i % 500) ?? `x${i}`}-${i}`;
  try {
    await processor.execute(
      { type: 'ChangeGp', nin, contractId: `C${(i + 2) % contracts}` },
      { actor: 'bench', registeredAt: '2024-03-15T12:00:00+01:00' },
    );
    accepted++;
  } catch {
    // refusals are decisions too
  }
}
console.log(`change_gp_commands_per_s=${Math.round(n / ((performance.now() - t0) / 1000))}`);
console.log(`change_gp_accepted=${accepted}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
