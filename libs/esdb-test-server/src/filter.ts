import type { RecordedEvent } from '@flr/event-store';

/** A server-side `$all` filter (Services/Storage/ReaderIndex/EventFilter.cs). */
export interface AllFilter {
  readonly on: 'stream' | 'eventType';
  readonly regex?: RegExp;
  readonly prefixes: readonly string[];
}

/** Streams that EventStoreDB's DefaultAllFilter hides from every `$all` read and subscription. */
const hiddenStream = (stream: string): boolean =>
  stream === '$epoch-information' ||
  (stream.startsWith('$persistentsubscription-$all::') &&
    (stream.endsWith('-checkpoint') || stream.endsWith('-parked')));

export function visibleInAll(event: RecordedEvent): boolean {
  return !hiddenStream(event.stream);
}

/** A non-empty regex wins over prefixes; the regex is unanchored (.NET Regex.Match). */
export function matchesFilter(filter: AllFilter, event: RecordedEvent): boolean {
  if (!visibleInAll(event)) return false;
  const subject = filter.on === 'stream' ? event.stream : event.type;
  if (filter.regex) return filter.regex.test(subject);
  if (filter.prefixes.length === 0) return true;
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}

/** .NET inline options such as `(?i)` at the start become JS flags. */
export function toRegExp(pattern: string): RegExp {
  const inline = /^\(\?([imsx]+)\)/.exec(pattern);
  if (!inline) return new RegExp(pattern);
  const flags = [...new Set(inline[1]!.replace('x', ''))].join('');
  return new RegExp(pattern.slice(inline[0].length), flags);
}
