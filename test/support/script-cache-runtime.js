// The Jest runtime of every tier (jest.config.js `runtime`): jest-runtime's own, with one change. Jest compiles each
// module's code afresh for every test file it runs (`vm.compileFunction`), so a worker that runs 60 test files parses
// and compiles aws-cdk-lib, cdk8s and this library 60 times: that was the largest single item of the fast tier's CPU
// profile (15 %). Here a worker compiles a module once, as a `vm.Script` that is not bound to a context, and runs that
// script in each test file's own context. Every test file still gets its own module instances, its own globals and
// its own mocks: only the compiled code is shared, as V8 is built to do.
// A module whose transformed code changed (another transform option) is compiled again; anything this cannot compile
// goes to Jest's own compiler, so syntax errors are reported as Jest reports them.
'use strict';
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

/** filename → { source, script } for the life of the worker process. */
const scripts = new Map();
/** The executor of the test file running now (a worker runs one at a time): where a dynamic import() is resolved. */
let current;

function compileShared(executor, jestCompile, scriptSource, filename) {
  const vmContext = executor.environment.getVmContext();
  if (vmContext == null) return null;
  if (executor.resolution.isCoreModule(filename)) return jestCompile(scriptSource, filename);
  let entry = scripts.get(filename);
  if (entry === undefined || entry.source !== scriptSource) {
    try {
      // The wrapper takes a line of its own; lineOffset -1 keeps the module's own line numbers in stack traces.
      const wrapped = `(function (${executor.injectedModuleParameters.join(', ')}) {\n${scriptSource}\n})`;
      const script = new vm.Script(wrapped, {
        filename,
        lineOffset: -1,
        importModuleDynamically: (specifier, _script, importAttributes, phase) =>
          current.dynamicImport(specifier, filename, current.environment.getVmContext(), importAttributes, phase),
      });
      entry = { source: scriptSource, script };
      scripts.set(filename, entry);
    } catch {
      return jestCompile(scriptSource, filename);
    }
  }
  return entry.script.runInContext(vmContext);
}

class ScriptCacheRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    // jest-runtime's module executor is not public API (checked on Jest 30.5.2): if an upgrade moves it, say so.
    const executor = this.executor;
    if (typeof executor?.compile !== 'function' || typeof executor.environment?.getVmContext !== 'function') {
      throw new Error(`test/support/script-cache-runtime.js: jest-runtime ${require('jest-runtime/package.json').version} has no module executor with compile(); remove \`runtime\` from jest.config.js or adapt this file`);
    }
    const jestCompile = executor.compile.bind(executor);
    executor.compile = (scriptSource, filename) => {
      current = executor;
      return compileShared(executor, jestCompile, scriptSource, filename);
    };
  }
}

module.exports = ScriptCacheRuntime;
