import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import type { Fence } from './extract-samples.js';
import { namesIn } from './names-in.js';

/** A sample written out as a module of its own, and what the compiler said about it. */
export interface CompiledSample {
  readonly fence: Fence;
  /** The generated file, relative to the repository root. */
  readonly file: string;
  /** `docs/x.md:LINE: message`, one per error. */
  readonly errors: readonly string[];
}

/** Where an exported name comes from, and whether it has a value (else `import type`). */
interface Export {
  readonly from: string;
  readonly value: boolean;
}

// The packages whose public entries samples may use without importing them.
const packages = ['core', 'transports', 'web-widget'];

const isManifest = (value: unknown): value is { readonly name: string; readonly exports: Readonly<Record<string, unknown>> } =>
  typeof value === 'object' &&
  value !== null &&
  typeof Reflect.get(value, 'name') === 'string' &&
  typeof Reflect.get(value, 'exports') === 'object' &&
  Reflect.get(value, 'exports') !== null;

/** `@contactmesh/core/protocol` → its source file, in the order of each package.json's exports. */
function publicEntries(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const name of packages) {
    const dir = join(root, 'packages', name);
    const manifest: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (!isManifest(manifest)) throw new Error(`packages/${name}/package.json has no name or no exports`);
    for (const [subpath, conditions] of Object.entries(manifest.exports)) {
      const source: unknown =
        typeof conditions === 'object' && conditions !== null ? Reflect.get(conditions, '@contactmesh/source') : undefined;
      // An export whose source is missing (core's ./testing today) has nothing a sample could import.
      if (typeof source !== 'string' || !existsSync(join(dir, source))) continue;
      entries.set(subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`, join(dir, source));
    }
  }
  return entries;
}

const preambleKey = '\0preamble';

/** Every name the public entries export (the first entry that exports it wins), then the preamble's. */
function exportsOf(program: ts.Program, modules: ReadonlyMap<string, string>): Map<string, Export> {
  const checker = program.getTypeChecker();
  const table = new Map<string, Export>();
  for (const [from, file] of modules) {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${file} did not compile into a module: check tsconfig.json`);
    for (const symbol of checker.getExportsOfModule(module)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const known = table.get(symbol.name);
      if (known && from === preambleKey)
        throw new Error(`the preamble's ${symbol.name} is shadowed by the export of ${known.from}: rename it`);
      if (!known) table.set(symbol.name, { from, value: (target.flags & ts.SymbolFlags.Value) !== 0 });
    }
  }
  return table;
}

function compilerOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('tsconfig.json could not be read');
  return { ...parsed.options, noEmit: true };
}

/** The options for {@link compileSamples}. */
export interface CompileOptions {
  /** The repository root. */
  readonly root: string;
  /** Where the generated modules go (emptied first). */
  readonly outDir: string;
  /** The module of `declare`s for the free names samples use (`transport`, `acd`, …). */
  readonly preamble: string;
  /** Relative imports in samples are resolved as if the sample sat in this folder. */
  readonly sampleDir: string;
}

/** One sample as a module: the text, and where its own lines start. */
interface SampleModule {
  readonly text: string;
  readonly codeStart: number;
  /** The types the page spells out under an exported name: one check line each after the code. */
  readonly checked: readonly { readonly name: string; readonly from: string }[];
}

function sampleModule(fence: Fence, file: string, table: ReadonlyMap<string, Export>, options: CompileOptions): SampleModule {
  const here = dirname(file);
  const preamble = relative(here, options.preamble).replace(/\.ts$/, '.js');
  const { used, declared, topLevelTypes } = namesIn(fence.code);
  const imports = new Map<string, string[]>();
  const add = (from: string, spec: string) => imports.set(from, [...(imports.get(from) ?? []), spec]);
  for (const name of [...used].sort()) {
    const found = declared.has(name) ? undefined : table.get(name);
    if (found) add(found.from === preambleKey ? preamble : found.from, found.value ? name : `type ${name}`);
  }
  // A type the page spells out under an exported name must be that type.
  const checked = topLevelTypes.flatMap((name) => {
    const found = table.get(name);
    return found && found.from !== preambleKey ? [{ name, from: found.from }] : [];
  });
  for (const { name, from } of checked) add(from, `type ${name} as Exported${name}`);
  if (checked.length > 0) add(preamble, 'type SameType');
  // Relative imports (`../contract/…`) mean the same as in a file of options.sampleDir.
  const code = fence.code.replace(/(from\s+|import\s+)(['"])(\.{1,2}\/[^'"]+)\2/g, (_, lead: string, quote: string, spec: string) => {
    const moved = relative(here, resolve(options.sampleDir, spec));
    return `${lead}${quote}${moved.startsWith('.') ? moved : `./${moved}`}${quote}`;
  });
  const header = [
    `// Generated from ${fence.doc}:${fence.line} by test/docs/doc-samples.test.ts; edit the page, not this file.`,
    ...[...imports].map(([from, names]) => `import { ${names.join(', ')} } from '${from}';`),
  ];
  const checks = checked.map(({ name }) => `export const same${name}: SameType<${name}, Exported${name}> = true;`);
  return { text: [...header, code, ...checks, 'export {};', ''].join('\n'), codeStart: header.length, checked };
}

/** The compiler's errors in a sample, each at its line of the page. */
function errorsOf(program: ts.Program, fence: Fence, file: string, sample: SampleModule): string[] {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not in the program`);
  const codeLines = fence.code.split('\n').length;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    const inCode = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line - sample.codeStart;
    if (inCode < 0) return `${fence.doc}:${fence.line}: (in an import the test added) ${message}`;
    const check = sample.checked[inCode - codeLines];
    if (check) return `${fence.doc}:${fence.line}: the ${check.name} spelled out here is not the ${check.name} of ${check.from}`;
    return `${fence.doc}:${fence.line + 1 + inCode}: ${message}`;
  });
}

/**
 * Writes every sample as a module of its own, with an import for each free name it uses that a
 * public entry or the preamble exports, and type-checks them all in one program with the options
 * of tsconfig.json. A type or interface that a sample declares under the name of an exported one
 * must be the same type.
 */
export function compileSamples(fences: readonly Fence[], options: CompileOptions): CompiledSample[] {
  const settings = compilerOptions(options.root);
  const modules = new Map([...publicEntries(options.root), [preambleKey, options.preamble]]);
  // The entries alone first, for their exports; the samples' program then reuses their parsed files.
  const entries = ts.createProgram([...modules.values()], settings);
  const table = exportsOf(entries, modules);

  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(options.outDir, { recursive: true });
  const written = fences.map((fence) => {
    const file = join(options.outDir, `${fence.doc.replace(/[/.]/g, '-')}-${fence.line}.ts`);
    const sample = sampleModule(fence, file, table, options);
    writeFileSync(file, sample.text);
    return { fence, file, sample };
  });
  const program = ts.createProgram(
    written.map(({ file }) => file),
    settings,
    undefined,
    entries,
  );
  return written.map(({ fence, file, sample }) => ({
    fence,
    file: relative(options.root, file),
    errors: errorsOf(program, fence, file, sample),
  }));
}
