export type { BasicCredentials } from './auth';
export { DEFAULT_ADMIN } from './auth';
export { SERVER_VERSION } from './features';
export { type EsdbTestServer, type EsdbTestServerOptions, startEsdbTestServer } from './server';
export { generateTestCertificates, type TlsMaterial } from './tls';
export { type EmbeddedEsdbTestServer, startEmbeddedEsdbTestServer } from './testing';
