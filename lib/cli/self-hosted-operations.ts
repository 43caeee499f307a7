import { PipelineEnvironment } from '../environment/pipeline-environment';
import { OperationError, PipelineOperations } from './operations';

/** The self-hosted flavor's operations through the Kubernetes API (not built yet). */
export function selfHostedOperations(_environment: PipelineEnvironment): PipelineOperations {
  throw new OperationError('the self-hosted flavor\'s operations are not built yet');
}
