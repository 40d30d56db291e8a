import { createHmac } from 'node:crypto';

/**
 * R48 [U]: keyed pseudonyms. The same secret gives the same pseudonym for the same id within one
 * disclosure; another disclosure uses another secret, so extracts cannot be joined across disclosures.
 */
export class Pseudonymiser {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new Error('The disclosure secret must be at least 16 characters');
  }

  /** `kind` separates id spaces (a person id and an HPR number never collide). */
  pseudonym(kind: 'person' | 'gp', id: string | number): string {
    return createHmac('sha256', this.secret).update(`${kind}:${id}`).digest('base64url').slice(0, 22);
  }

  /** A fingerprint of the secret for the disclosure log; reveals nothing about the secret itself. */
  fingerprint(): string {
    return createHmac('sha256', this.secret).update('fingerprint').digest('hex').slice(0, 16);
  }
}

/** Dates are coarsened to the month (R48). */
export function toMonth(date: string | null): string | null {
  return date === null ? null : date.slice(0, 7);
}
