export * from './command-processor';
export * from './commands';
export { WriterView } from './writer-view';
export { loadWriterViewSnapshot, saveWriterViewSnapshot, WRITER_VIEW_SHAPE } from './writer-view-snapshot';
export type { WriterSnapshotOptions } from './writer-snapshots';
export { deterministicId } from './write-session';
export * from './nest';
export * from './command-handlers';
export * from './command-messages';
