import { randomBytes } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import type { RegisterDb } from '../register/register-db';
import { Pseudonymiser } from '../shared/pseudonymise';
import { createPseudonyms, disclosedSelect, type Role, VIEW_NAMES, type ViewName } from './disclosed-views';

export interface DisclosureOptions {
  readonly role: Role;
  /** Per-disclosure pseudonym secret; a random one when absent (the pseudonyms then match nothing else). */
  readonly secret?: string;
}

/** One disclosure: its pseudonymiser and the SELECTs of its tables. */
export class DisclosureSession {
  private constructor(
    readonly db: RegisterDb,
    readonly role: Role,
    private readonly pseudonymiser: Pseudonymiser | null,
  ) {}

  static async open(db: RegisterDb, options: DisclosureOptions): Promise<DisclosureSession> {
    if (options.role === 'admin') return new DisclosureSession(db, 'admin', null);
    const pseudonymiser = new Pseudonymiser(options.secret ?? randomBytes(24).toString('base64url'));
    await createPseudonyms(db, pseudonymiser);
    return new DisclosureSession(db, 'analyst', pseudonymiser);
  }

  get secretFingerprint(): string | null {
    return this.pseudonymiser?.fingerprint() ?? null;
  }

  select(view: ViewName): string {
    return disclosedSelect(view, this.role);
  }

  /**
   * The disclosed tables in a database of their own, opened without file access: an analyst's SQL
   * sees the views and nothing of the exact tables they were made from.
   */
  async sandbox(): Promise<DuckDBInstance> {
    const file = this.db.file('disclosed.duckdb');
    await this.db.connection.run(`ATTACH '${file}' AS disclosed`);
    for (const view of VIEW_NAMES) {
      await this.db.connection.run(`CREATE TABLE disclosed.${view} AS ${this.select(view)}`);
    }
    await this.db.connection.run('DETACH disclosed');
    return DuckDBInstance.create(file, {
      access_mode: 'READ_ONLY',
      enable_external_access: 'false',
      lock_configuration: 'true',
    });
  }
}
