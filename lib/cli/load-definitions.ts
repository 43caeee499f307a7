import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { UsageError } from './cli-arguments';

/** The cdk.json context key naming the module that exports the app's definitions (default of `--definitions`). */
export const DEFINITIONS_CONTEXT_KEY = 'pipelines:definitions';

/** Whether a value has the shape of a pipeline definition (a name and lists of topics, tables and jobs). */
export function isPipelineDefinition(value: unknown): value is PipelineDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && Array.isArray(v.topics) && Array.isArray(v.tables) && Array.isArray(v.jobs);
}

function definitionsIn(value: unknown): PipelineDefinition[] {
  if (isPipelineDefinition(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every(isPipelineDefinition)) return value;
  return [];
}

/**
 * Lets Node load TypeScript modules: nothing to do when a loader is already registered (the repo's own ts-node) or
 * the module is JavaScript; else the app's `ts-node` (transpile only), else the app's `tsx`.
 */
function registerTypeScript(file: string, appRequire: NodeJS.Require, cwd: string): void {
  if (!/\.[cm]?ts$/.test(file) || require.extensions['.ts'] !== undefined) return;
  const attempts: Array<() => void> = [
    // rootDir: TypeScript 6 refuses to infer it when the module is not at the app's top.
    () => (appRequire('ts-node') as { register: (options: object) => unknown }).register({ transpileOnly: true, compilerOptions: { rootDir: cwd } }),
    () => appRequire('tsx/cjs'),
  ];
  for (const attempt of attempts) {
    try { attempt(); return; } catch { /* try the next loader */ }
  }
  throw new UsageError(`${file} is TypeScript and the app has neither tsx nor ts-node installed — install one of them or give a compiled .js module`);
}

/**
 * The pipeline definitions a module exports, for `pipelines compare` and `state-lock` on an app's own pipelines:
 * the export `exportName` if given, else `definitions`, else `default`, else every export that is a definition (or a
 * list of them). The path is relative to `cwd` (the app's directory); TypeScript modules load through the app's
 * ts-node or tsx.
 */
export function loadDefinitions(modulePath: string, exportName?: string, cwd: string = process.cwd()): PipelineDefinition[] {
  const file = path.resolve(cwd, modulePath);
  const candidates = [file, ...['.ts', '.js', '/index.ts', '/index.js'].map((ext) => `${file}${ext}`)];
  const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  if (found === undefined) throw new UsageError(`--definitions: no module at ${modulePath} (looked in ${cwd})`);
  const appRequire = createRequire(path.join(cwd, 'package.json'));
  registerTypeScript(found, appRequire, cwd);
  // This module's own require: under a test runner it is the runner's, which already compiles TypeScript.
  const exports = require(found) as Record<string, unknown>;
  const names = exportName !== undefined ? [exportName] : ['definitions', 'default'].filter((n) => n in exports);
  for (const name of names) {
    const definitions = definitionsIn(exports[name]);
    if (definitions.length > 0) return definitions;
    if (exportName !== undefined) throw new UsageError(`--export: ${modulePath} exports no pipeline definition named ${JSON.stringify(name)} (exports: ${Object.keys(exports).join(', ') || 'none'})`);
  }
  const all = [...new Set(Object.values(exports).flatMap(definitionsIn))];
  if (all.length === 0) throw new UsageError(`--definitions: ${modulePath} exports no pipeline definition (exports: ${Object.keys(exports).join(', ') || 'none'})`);
  return all;
}
