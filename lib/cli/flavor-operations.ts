import { Clock, SYSTEM_CLOCK } from '../clock';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { managedClients } from './managed-clients';
import { ManagedOperations } from './managed-operations';
import { PipelineOperations } from './operations';
import { selfHostedOperations } from './self-hosted-operations';

/** The operations of a flavor in an environment (clients for its region / its EKS cluster), waiting on `clock`. */
export function operationsFor(flavor: Flavor, environment: PipelineEnvironment, clock: Clock = SYSTEM_CLOCK): PipelineOperations {
  return flavor.id === Flavor.MANAGED.id ? new ManagedOperations(managedClients(environment.region), clock) : selfHostedOperations(environment, clock);
}
