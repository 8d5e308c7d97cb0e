// Tests import workspace packages from their sources, so no build is needed to run them;
// ts-jest only transpiles (tsc -b type-checks the same files in the build step).
const moduleNameMapper = {
  // Libraries first: '@herald/plugin-sdk' would otherwise be taken for a plugin named 'sdk'.
  '^@herald/(events|local-stack|transport|publisher|plugin-sdk|core|auth)$': '<rootDir>/libs/$1/src',
  '^@herald/plugin-(.*)$': '<rootDir>/plugins/$1/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

module.exports = {
  // A global option: per-project values are ignored.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/plugins'],
      testMatch: ['**/*.spec.ts'],
      moduleNameMapper,
      transform,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      // A plugin package keeps its own end-to-end tests in plugins/<name>/test/ (they import test/support).
      roots: ['<rootDir>/test', '<rootDir>/plugins'],
      testMatch: ['**/*.e2e-spec.ts'],
      moduleNameMapper,
      transform,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
