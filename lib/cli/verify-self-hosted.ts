import { PipelinePlan } from '../plan/pipeline-plan';
import { OperationError } from './operations';
import { VerifyClock } from './verify-producer';
import { VerifyTransport } from './verify-transport';

/** The self-hosted flavor's transport (not built yet). */
export function selfHostedTransport(_plan: PipelinePlan, _clock: VerifyClock): VerifyTransport {
  return {
    textOnly: true,
    describe: () => ['Kafka: Strimzi (not built yet)'],
    schemaVersionIds: () => Promise.resolve(new Map()),
    produce: () => Promise.reject(new OperationError('verify: producing on the self-hosted flavor is not built yet')),
  };
}
