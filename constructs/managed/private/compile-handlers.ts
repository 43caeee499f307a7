/**
 * Compiles the managed flavor's Lambda handlers (`handler.ts`) to `runtime/index.js`, their Lambda assets: no bundler,
 * no Docker. The compiled files are committed; a test fails when one is stale.
 * Run after editing a handler: `npx ts-node --swc constructs/managed/private/compile-handlers.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/** A handler source and the compiled entry point next to it. */
export interface LambdaHandler {
  readonly source: string;
  readonly output: string;
}

function handlerIn(folder: string): LambdaHandler {
  const dir = join(__dirname, '..', folder);
  return { source: join(dir, 'handler.ts'), output: join(dir, 'runtime', 'index.js') };
}

/** Every handler of the managed flavor. */
export const LAMBDA_HANDLERS: readonly LambdaHandler[] = [
  handlerIn('flink/application-starter'),
  handlerIn('flink/batch-run-stopper'),
  handlerIn('topics/serverless-topics'),
  // Both flavors' lakehouse (constructs/common) uses it.
  handlerIn('../common/iceberg-schema-evolution'),
  handlerIn('../common/job-artifact-jar-build'),
];

/** The JavaScript a handler compiles to (CommonJS, ES2022 for the Node.js 24 runtime). */
export function compileHandler(handler: LambdaHandler): string {
  const out = ts.transpileModule(readFileSync(handler.source, 'utf8'), {
    fileName: 'handler.ts',
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  return `// Generated from handler.ts by constructs/managed/private/compile-handlers.ts. Do not edit.\n${out.outputText}`;
}

if (require.main === module) {
  for (const handler of LAMBDA_HANDLERS) {
    writeFileSync(handler.output, compileHandler(handler));
    process.stdout.write(`wrote ${handler.output}\n`);
  }
}
