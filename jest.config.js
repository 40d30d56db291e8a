// Jest runs the project as ES modules (NestJS 12 is ESM-only): @swc/jest emits ESM with decorator metadata.
const aliases = {
  '^@flr/domain$': '<rootDir>/libs/domain/src/index.ts',
  '^@flr/domain/testing$': '<rootDir>/libs/domain/src/testing/index.ts',
  '^@flr/event-store$': '<rootDir>/libs/event-store/src/index.ts',
  '^@flr/event-store/testing$': '<rootDir>/libs/event-store/src/conformance/index.ts',
  '^@flr/projection-runtime$': '<rootDir>/libs/projection-runtime/src/index.ts',
  '^@flr/application$': '<rootDir>/libs/application/src/index.ts',
  '^@flr/testing$': '<rootDir>/libs/testing/src/index.ts',
  '^@flr/esdb-test-server$': '<rootDir>/libs/esdb-test-server/src/index.ts',
  '^@flr/projections$': '<rootDir>/projections/index.ts',
};

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/projections', '<rootDir>/scripts'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { ...aliases, '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      },
    ],
  },
  testTimeout: 60000,
  // `npm run test:coverage`: every source file of apps, libs and projections counts, loaded by a test
  // or not. Left out: the tests and their harnesses, and generated data (municipality-data.ts).
  coverageProvider: 'v8',
  collectCoverageFrom: [
    'apps/**/*.ts',
    'libs/**/*.ts',
    'projections/**/*.ts',
    '!**/*.spec.ts',
    '!**/*.e2e-spec.ts',
    '!**/*.d.ts',
    '!apps/*/test/**',
    '!libs/*/test/**',
    '!libs/domain/src/municipalities/municipality-data.ts',
  ],
  coverageReporters: ['text-summary', 'json-summary', 'lcov'],
  coverageDirectory: '<rootDir>/coverage',
};
