export * from './hmac-sha256';
export * from './pseudonym-keys';
export * from './read-audit-log';
