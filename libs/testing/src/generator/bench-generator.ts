/**
 * Generator throughput: `npm run build && node dist/libs/testing/src/generator/bench-generator.js [persons] [seed]`.
 * Prints `name=value` lines (no timing assertions in tests).
 */
import { generateHistory } from './generate-history';

const persons = Number(process.argv[2] ?? 1_000_000);
const seed = process.argv[3] ?? 'bench';
const started = performance.now();
const history = generateHistory({ persons, seed });
let events = 0;
for (const _event of history) events++;
const seconds = (performance.now() - started) / 1000;
const s = history.summary;
console.log(`generator_persons=${persons}`);
console.log(`generator_events=${events}`);
console.log(`generator_seconds=${seconds.toFixed(2)}`);
console.log(`generator_events_per_second=${Math.round(events / seconds)}`);
console.log(`generator_rss_mb=${Math.round(process.memoryUsage().rss / 2 ** 20)}`);
console.log(`generator_summary=${JSON.stringify({ ...s, eventsByType: undefined })}`);
console.log(`generator_events_by_type=${JSON.stringify(s.eventsByType)}`);
