/**
 * Compiles `handler.ts` to `runtime/index.js`, the Lambda asset of the starter (no bundler, no Docker: the handler
 * only needs the AWS SDK v3 the Lambda Node.js runtime ships). The compiled file is committed; a test fails when it
 * is stale. Run: `npx ts-node constructs/managed/flink/application-starter/compile-handler.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/** Source of the handler. */
export const HANDLER_SOURCE = join(__dirname, 'handler.ts');
/** The compiled Lambda entry point (`index.onEvent`, `index.isComplete`). */
export const HANDLER_OUTPUT = join(__dirname, 'runtime', 'index.js');

/** The JavaScript the handler compiles to (CommonJS, ES2022 for the Node.js 22 runtime). */
export function compileStarterHandler(): string {
  const out = ts.transpileModule(readFileSync(HANDLER_SOURCE, 'utf8'), {
    fileName: 'handler.ts',
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      removeComments: false,
      esModuleInterop: true,
    },
  });
  return `// Generated from handler.ts by compile-handler.ts. Do not edit.\n${out.outputText}`;
}

if (require.main === module) {
  writeFileSync(HANDLER_OUTPUT, compileStarterHandler());
  process.stdout.write(`wrote ${HANDLER_OUTPUT}\n`);
}
