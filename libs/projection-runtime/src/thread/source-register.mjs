// `--import` of a rebuild thread started from TypeScript sources (see source-hooks.mjs).
import { register } from 'node:module';

register('./source-hooks.mjs', import.meta.url);
