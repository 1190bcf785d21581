import { fileURLToPath } from 'node:url';
import { Application, Comment, type DeclarationReflection, Logger, LogLevel, type ProjectReflection, ReflectionKind } from 'typedoc';
import { beforeAll, describe, expect, it } from 'vitest';

// `npm run docs` renders the API reference with typedoc.config.mjs. Here the same configuration is
// converted in memory (no HTML is written: that is what takes the rest of the time) and the key
// entry functions must come out of it with their TSDoc. One conversion of all eleven entries takes
// about 15 s on two cores.

const config = fileURLToPath(new URL('../../typedoc.config.mjs', import.meta.url));

/** Keeps TypeDoc's messages to show them when the conversion fails (the console is closed in tests). */
class KeptLogger extends Logger {
  readonly messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push(`${LogLevel[level]}: ${message}`);
  }
}

const logger = new KeptLogger();
let project: ProjectReflection | undefined;

beforeAll(async () => {
  const app = await Application.bootstrapWithPlugins({ options: config, logLevel: 'Error' });
  app.logger = logger;
  project = await app.convert();
}, 120_000);

const modules = [
  '@contactmesh/core',
  '@contactmesh/core/protocol',
  '@contactmesh/core/check',
  '@contactmesh/transports/memory',
  '@contactmesh/transports/websocket',
  '@contactmesh/transports/websocket/browser',
  '@contactmesh/transports/mqtt',
  '@contactmesh/transports/signing',
  '@contactmesh/web-widget',
  '@contactmesh/web-widget/client',
  '@contactmesh/web-widget/gateway',
  '@contactmesh/web-widget/bundle',
];

const keyFunctions = [
  ['@contactmesh/core', 'createCentre'],
  ['@contactmesh/core/protocol', 'decode'],
  ['@contactmesh/core/check', 'explore'],
  ['@contactmesh/transports/memory', 'createMemoryHub'],
  ['@contactmesh/transports/websocket', 'createRelay'],
  ['@contactmesh/transports/mqtt', 'createMqttTransport'],
  ['@contactmesh/transports/signing', 'generateSigningKeys'],
  ['@contactmesh/web-widget/client', 'createStatusClient'],
  ['@contactmesh/web-widget/gateway', 'createGateway'],
] as const;

/** A name exported by two entries is documented once; the other entry holds a reference to it. */
function declaration(module: string, name: string): DeclarationReflection | undefined {
  const found = project?.getChildByName([module, name]);
  const target = found?.isReference() ? found.getTargetReflectionDeep() : found;
  return target?.isDeclaration() ? target : undefined;
}

describe('the API reference (npm run docs)', () => {
  it('converts every public entry point without an error', () => {
    expect(
      logger.messages.filter((m) => m.startsWith('Error')),
      logger.messages.join('\n'),
    ).toEqual([]);
    expect(project, logger.messages.join('\n')).toBeDefined();
    const names = (project?.children ?? []).filter((child) => child.kindOf(ReflectionKind.Module)).map((child) => child.name);
    expect(names.sort()).toEqual([...modules].sort());
  });

  it.each(keyFunctions)('documents %s › %s with its summary and an @example', (module, name) => {
    const fn = declaration(module, name);
    expect(fn?.kind, `${name} is not a function of ${module}`).toBe(ReflectionKind.Function);
    const comment = fn?.signatures?.[0]?.comment;
    expect(Comment.combineDisplayParts(comment?.summary).trim().length, `${name} has no doc comment`).toBeGreaterThan(20);
    expect(comment?.getTag('@example'), `${name} has no @example`).toBeDefined();
  });
});
