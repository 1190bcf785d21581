import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One config, one project per package plus the cross-package suites in test/.
// Workspace packages resolve each other's sources through the "@contactmesh/source"
// export condition, so no build step is needed before testing.
const conditions = ['@contactmesh/source'];
const setupFiles = [
  fileURLToPath(new URL('./test/setup/no-console.ts', import.meta.url)),
  fileURLToPath(new URL('./test/setup/seeded-properties.ts', import.meta.url)),
];
const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));

const project = (name: string, root: string) => ({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name,
    root,
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    setupFiles,
    typecheck: { enabled: true, include: ['**/*.test-d.ts'], tsconfig },
  },
});

// In CI a JSON report lets .ci/run print one summary line and refuse skipped tests.

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/out/vitest.json' }]] : ['default'],
    projects: [
      project('core', 'packages/core'),
      project('transports', 'packages/transports'),
      project('web-widget', 'packages/web-widget'),
      project('cli', 'packages/cli'),
      project('examples', 'packages/examples'),
      project('network', 'test'),
    ],
  },
});
