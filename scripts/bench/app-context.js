// The App context of the synth benchmarks' empty and floor apps: a pipeline app's own (PIPELINE_APP_CONTEXT of
// lib/app/pipeline-app-context.ts, which the other cases get from runPipelineApp), so that every case records the same
// metadata. Not given with `cdk synth -c`: the CLI refuses `aws:` keys there. test/environment/load-environments.test.ts
// keeps the two equal.
'use strict';
module.exports = {
  'aws:cdk:disable-creation-stack-traces': true,
  'aws:cdk:disable-stack-trace': true,
};
