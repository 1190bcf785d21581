#!/usr/bin/env node
// The `contactmesh` command. A built package runs dist/bin.js. A checkout that has not been built
// runs the TypeScript sources in this process, through tsx and the workspace's source condition,
// so `npx contactmesh …` works right after `npm install`.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin.js', import.meta.url);
if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  register('./source-conditions.mjs', import.meta.url);
  await import(new URL('../src/bin.ts', import.meta.url).href);
}
