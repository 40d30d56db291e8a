import type { EventFilter } from './port';

export type RecordPredicate = (stream: string, type: string) => boolean;

/**
 * Compiles an `$all` filter (ESDB-PROTOCOL §2.6): a non-empty regex wins over the prefix list of the
 * same kind and is unanchored (like .NET Regex.Match); stream and type conditions are ANDed.
 * Returns null when nothing is filtered, so callers can skip the check entirely.
 */
export function compileFilter(filter: EventFilter | undefined): RecordPredicate | null {
  if (!filter) return null;
  const onStream = compilePart(filter.streamNameRegex, filter.streamNamePrefix);
  const onType = compilePart(filter.eventTypeRegex, filter.eventTypePrefix);
  if (onStream && onType) return (stream, type) => onStream(stream) && onType(type);
  if (onStream) return (stream) => onStream(stream);
  if (onType) return (_stream, type) => onType(type);
  return null;
}

function compilePart(
  regex: string | undefined,
  prefixes: readonly string[] | undefined,
): ((value: string) => boolean) | null {
  if (regex) {
    const compiled = new RegExp(regex);
    return (value) => compiled.test(value);
  }
  if (prefixes && prefixes.length > 0) {
    const list = [...prefixes];
    return (value) => {
      for (const prefix of list) if (value.startsWith(prefix)) return true;
      return false;
    };
  }
  return null;
}

/** True when the filter narrows anything (checkpoints are only sent on filtered subscriptions). */
export function isFiltered(filter: EventFilter | undefined): boolean {
  return compileFilter(filter) !== null;
}

/**
 * Streams that hold no register facts: the server's own (`$…`: system projections, links, the writer
 * lease) and the register's infrastructure streams (`flr-…`: the public stream the worker publishes
 * to). Register streams are `person-`, `contract-`, `gp-`, `municipality-` and `jobs-daily`, so no
 * caller-chosen id can make one look like these. The writer view and every projection skip them:
 * on EventStoreDB the published public events share `$all` with the facts, and some carry the same
 * type names (`ContractCreated`).
 */
export function isInfrastructureStream(stream: string): boolean {
  return stream.startsWith('$') || stream.startsWith('flr-');
}
