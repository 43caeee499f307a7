import { App, AppProps } from 'aws-cdk-lib';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineValidationError } from '../validation/validation-problem';
import { addPipelineStacks } from './pipeline-app';

/**
 * The body of a pipeline CDK app: adds the stacks for the context's environment and flavors and synthesizes.
 * A bad definition or environment prints every problem (no stack trace) and exits with status 1.
 */
export function runPipelineApp(definition: PipelineDefinition, props?: AppProps): void {
  try {
    const app = new App(props);
    addPipelineStacks(app, definition);
    app.synth();
  } catch (error) {
    if (!(error instanceof PipelineValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
