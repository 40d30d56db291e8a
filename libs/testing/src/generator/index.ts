export { type GeneratedHistory, generateHistory } from './generate-history';
export type { GeneratedEvent, HistorySummary } from './generated-event';
export { checkHistory } from './history-checks';
export {
  DEFAULT_FROM,
  DEFAULT_RATES,
  DEFAULT_TO,
  type GenerateHistoryOptions,
  type GeneratorRates,
} from './options';
export { Rng } from './rng';
