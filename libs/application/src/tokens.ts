/** Injection tokens shared by the API, the worker and the application layer. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const PROJECTION_RUNTIME = Symbol('PROJECTION_RUNTIME');
