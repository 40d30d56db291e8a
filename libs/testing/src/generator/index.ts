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
export {
  CALIBRATION_DATES,
  CALIBRATION_TOLERANCE,
  type CalibrationFigures,
  type CalibrationRow,
  calibrationReport,
  calibrationRows,
  NATIONAL_RESIDENTS_2001,
} from './calibration';
