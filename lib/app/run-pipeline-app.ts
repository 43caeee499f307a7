import { AppProps } from 'aws-cdk-lib';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineValidationError } from '../validation/validation-problem';
import { AddPipelineStacksOptions, addPipelineStacks } from './pipeline-app';
import { newPipelineApp } from './pipeline-app-context';
import { checkTemplateSizes } from './stack-limits';

/**
 * The body of a pipeline CDK app: adds the platform and pipeline stacks for the context's environment and flavors
 * and synthesizes. One definition gives one platform with one pipeline; several give one platform hosting them all.
 * A bad definition or environment prints every problem (no stack trace) and exits with status 1.
 */
export function runPipelineApp(definitions: PipelineDefinition | readonly PipelineDefinition[], props?: AppProps, options?: AddPipelineStacksOptions): void {
  try {
    const app = newPipelineApp(props);
    addPipelineStacks(app, definitions, options);
    checkTemplateSizes(app.synth().directory);
  } catch (error) {
    if (!(error instanceof PipelineValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
