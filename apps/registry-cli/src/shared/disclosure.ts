import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SmallCellOverride } from './small-cells';

export interface Disclosure {
  /** The command and what it disclosed (`sql`, `export links parquet`, `stats`, ...). */
  readonly kind: string;
  readonly purpose: string;
  readonly role: 'analyst' | 'admin';
  readonly rows: number;
  /** Fingerprint of the pseudonym secret (null when the output holds no pseudonyms). */
  readonly secretFingerprint: string | null;
  readonly output: string;
  readonly detail?: string;
  /** Counts under 5 shown on purpose (`--allow-small-cells`): the floor used and why (R48). */
  readonly smallCells?: SmallCellOverride;
}

/** R48: every disclosure is logged in `<data dir>/disclosures.ndjson` (never the secret, never a NIN). */
export function logDisclosure(dataDir: string, disclosure: Disclosure, now = new Date()): void {
  mkdirSync(dataDir, { recursive: true });
  appendFileSync(
    join(dataDir, 'disclosures.ndjson'),
    `${JSON.stringify({ at: now.toISOString(), ...disclosure })}\n`,
  );
}
