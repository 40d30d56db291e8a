import { userInfo } from 'node:os';
import { appendReadAudit, PseudonymKeys } from '@flr/application';
import { Command, Option } from 'nest-commander';
import { ReadModels } from '../register/read-models';
import { type BaseOptions, businessDate, oneOf, RegisterCommand } from '../shared/base-command';
import { NotFoundError, UsageError } from '../shared/cli-errors';
import { validNin } from '../shared/nin-option';
import { openRegisterForReading } from '../shared/register-store';
import { type CliRole, resolveRole } from '../shared/role';

const WHAT = ['gp-at', 'history', 'list-at', 'capacity'] as const;

interface QueryOptions extends BaseOptions {
  nin?: string;
  at?: string;
  asOf?: string;
  contract?: string;
  municipality?: string;
  role?: CliRole;
}

/**
 * A read of person data goes to the register's read audit before it is shown, as the API's reads do
 * (`<data dir>/audit/reads.ndjson`, docs/security.md): one person by identity number as the audit
 * pseudonym the API's lines carry (the same key: FLR_PSEUDONYM_SECRET, else the folder's key file), a
 * whole list against its contract; the reader as `cli:<user>`. A lookup of nobody is recorded as refused.
 */
function auditRead(
  dataDir: string,
  what: (typeof WHAT)[number],
  whom: { nin: string } | { contract: string },
  options: QueryOptions,
  answered: boolean,
): void {
  const params: Record<string, string> = {};
  if (options.at) params.at = options.at;
  if (options.asOf) params.asOf = options.asOf;
  let subject: { person: string } | { contract: string };
  if ('nin' in whom) {
    const secret = process.env.FLR_PSEUDONYM_SECRET?.trim() || null;
    if (secret !== null && secret.length < 32)
      throw new UsageError('FLR_PSEUDONYM_SECRET must be at least 32 characters');
    subject = { person: new PseudonymKeys({ dataDir, pseudonymSecret: secret }).forAudit(whom.nin) };
  } else subject = { contract: whom.contract };
  appendReadAudit(dataDir, [
    {
      at: new Date().toISOString(),
      consumer: `cli:${userInfo().username}`,
      query: `flr query ${what}`,
      params,
      ...subject,
      outcome: answered ? 'answered' : 'refused',
    },
  ]);
}

@Command({
  name: 'query',
  arguments: '<what>',
  description:
    "ask the register's read models as the API does (JSON): gp-at --nin [--at], history --nin, " +
    'list-at --contract [--at] (NINs: --role admin), capacity --municipality [--at]; --as-of for record time',
  argsDescription: { what: WHAT.join(' | ') },
})
export class QueryCommand extends RegisterCommand<QueryOptions> {
  async execute([whatArg]: string[], options: QueryOptions): Promise<void> {
    const what = oneOf('<what>', whatArg ?? '', WHAT);
    const need = (name: keyof QueryOptions, flag: string) => {
      const value = options[name];
      if (!value) throw new UsageError(`query ${what} needs ${flag}`);
      return value as string;
    };
    // The API refuses a malformed NIN (400 INVALID_NIN) before it looks anyone up; so does the CLI.
    const nin = what === 'gp-at' || what === 'history' ? validNin('--nin', need('nin', '--nin')) : '';
    if (what === 'list-at') {
      need('contract', '--contract');
      if (resolveRole(options.role) !== 'admin') {
        throw new UsageError('query list-at lists identity numbers: it needs --role admin');
      }
    }
    // The API refuses a municipality number that is not 4 digits (400) rather than count nobody in it.
    if (what === 'capacity' && !/^\d{4}$/.test(need('municipality', '--municipality')))
      throw new UsageError('--municipality must be a 4-digit kommunenummer');
    const location = this.location(options);
    const store = await openRegisterForReading(location);
    try {
      const models = await ReadModels.open(store, location.dataDir);
      try {
        const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
        if (what === 'gp-at') {
          // A person without a GP that day is an answer ({"kind":"no-gp"}); nobody by that number is not.
          const answer = models.gpAt(nin, options.at, options.asOf);
          auditRead(location.dataDir, what, { nin }, options, answer.kind !== 'unknown-person');
          if (answer.kind === 'unknown-person') throw unknownPerson();
          print(answer);
        } else if (what === 'history') {
          const history = models.history(nin, options.asOf);
          auditRead(location.dataDir, what, { nin }, options, Boolean(history));
          if (!history) throw unknownPerson();
          print(history);
        } else if (what === 'capacity')
          print(models.capacity(options.municipality!, options.at, options.asOf));
        else {
          const known = models.hasContract(options.contract!, options.asOf);
          auditRead(location.dataDir, what, { contract: options.contract! }, options, known);
          if (!known)
            throw new NotFoundError('UNKNOWN_CONTRACT', `no contract ${options.contract} in the register`);
          let n = 0;
          for (const entry of models.listAt(options.contract!, options.at, options.asOf)) {
            process.stdout.write(`${JSON.stringify(entry)}\n`);
            n++;
          }
          process.stderr.write(`${n} patient(s)\n`);
        }
      } finally {
        await models.close();
      }
    } finally {
      await store.close();
    }
  }

  @Option({
    flags: '--nin <nin>',
    description:
      'national identity number (gp-at, history); a malformed one is refused: INVALID_NIN, exit 2; ' +
      'one no registered person holds: UNKNOWN_PERSON, exit 1',
  })
  parseNin(value: string): string {
    return value;
  }

  @Option({ flags: '--at <date>', description: 'valid time, a business date (default today)' })
  parseAt(value: string): string {
    return businessDate('--at', value);
  }

  @Option({
    flags: '--as-of <instant>',
    description: 'record time: as the register knew it then (ISO instant)',
  })
  parseAsOf(value: string): string {
    if (Number.isNaN(Date.parse(value)))
      throw new UsageError(`--as-of must be an ISO instant, got "${value}"`);
    return value;
  }

  @Option({ flags: '--contract <id>', description: 'contract (list) id (list-at)' })
  parseContract(value: string): string {
    return value;
  }

  @Option({ flags: '--municipality <number>', description: 'municipality number, 4 digits (capacity)' })
  parseMunicipality(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: 'analyst (default) or admin' })
  parseRole(value: string): CliRole {
    return oneOf('--role', value, ['analyst', 'admin']);
  }
}

const unknownPerson = () =>
  new NotFoundError('UNKNOWN_PERSON', 'no person with that identity number in the register');
