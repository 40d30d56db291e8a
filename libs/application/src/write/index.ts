export * from './command-processor';
export * from './commands';
export { WriterView } from './writer-view';
export { deterministicId } from './write-session';
export * from './nest';
export * from './command-handlers';
export * from './command-messages';
export { FileRefusalJournal, type RefusalJournal } from './refusal-journal';
