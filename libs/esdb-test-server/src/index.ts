export type { BasicCredentials } from './auth';
export { DEFAULT_ADMIN } from './auth';
export { SERVER_VERSION } from './features';
export { type EsdbTestServer, type EsdbTestServerOptions, startEsdbTestServer } from './server';
export {
  discardTestCertificates,
  generateTestCertificates,
  generateUserCertificate,
  type TlsMaterial,
  type UserCertificate,
} from './tls';
export { type EmbeddedEsdbTestServer, startEmbeddedEsdbTestServer } from './testing';
export { parseRunProjections, type RunProjections } from './system-projections';
