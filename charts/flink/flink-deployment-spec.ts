import { JobPlan } from '../../lib/plan/pipeline-plan';
import { JobSizing } from '../../lib/sizing/sizing-plan';
import { flinkCpu, flinkMemory } from './flink-configuration';
import {
  FlinkDeploymentSpec, FlinkDeploymentSpecFlinkVersion, FlinkDeploymentSpecJobState, FlinkDeploymentSpecJobUpgradeMode,
  FlinkDeploymentSpecMode, FlinkDeploymentSpecPodTemplate,
} from '../imports/flink.apache.org';

/** The `spec.flinkVersion` value of the operator for a catalog value like `v1_20`; throws for one the CRD lacks. */
export function operatorFlinkVersion(value: string): FlinkDeploymentSpecFlinkVersion {
  const found = Object.values(FlinkDeploymentSpecFlinkVersion).find((v) => v === value);
  if (found === undefined) {
    throw new Error(`Flink version ${JSON.stringify(value)} is not a spec.flinkVersion of the installed FlinkDeployment CRD (${Object.values(FlinkDeploymentSpecFlinkVersion).join(', ')})`);
  }
  return found;
}

/** What a session cluster (a FlinkDeployment without a job) is made of. */
export interface SessionDeploymentSpecProps {
  /** JobManager and TaskManager resources and slots: the largest of the cluster's jobs. */
  readonly sizing: Pick<JobSizing['selfHosted'], 'jobManager' | 'taskManager'>;
  readonly image: string;
  readonly flinkVersion: string;
  readonly flinkConfiguration: Record<string, string>;
  readonly serviceAccountName: string;
  readonly podTemplate: FlinkDeploymentSpecPodTemplate;
}

/** A session-mode FlinkDeployment spec: JobManager and on-demand TaskManagers that FlinkSessionJobs run on. */
export function sessionDeploymentSpec(props: SessionDeploymentSpecProps): FlinkDeploymentSpec {
  return {
    image: props.image,
    imagePullPolicy: 'IfNotPresent',
    flinkVersion: operatorFlinkVersion(props.flinkVersion),
    mode: FlinkDeploymentSpecMode.NATIVE,
    serviceAccount: props.serviceAccountName,
    flinkConfiguration: { ...props.flinkConfiguration },
    podTemplate: props.podTemplate,
    jobManager: { replicas: 1, resource: { cpu: flinkCpu(props.sizing.jobManager), memory: flinkMemory(props.sizing.jobManager) } },
    taskManager: { resource: { cpu: flinkCpu(props.sizing.taskManager), memory: flinkMemory(props.sizing.taskManager) } },
  };
}

/** What an application-mode FlinkDeployment of a job is made of: a cluster of its own, plus the job. */
export interface JobDeploymentSpecProps extends SessionDeploymentSpecProps {
  readonly job: JobPlan;
  /** `job.jarURI`: the runner jar inside the image. */
  readonly jarUri: string;
  readonly entryClass: string;
  readonly args: string[];
  /**
   * Creates a streaming job suspended (started on demand, e.g. the load generator).
   * @default false
   */
  readonly suspended?: boolean;
}

/**
 * An application-mode FlinkDeployment spec: the runner image and Flink version from the plan's artifacts, one
 * JobManager and TaskManagers with the sized CPU and process memory (the operator turns them into
 * `jobmanager/taskmanager.memory.process.size` and Kubernetes requests = limits), the job at its initial
 * parallelism, and
 * - streaming: running, with the plan's upgrade mode (`savepoint` or `last-state`: upgrades keep state);
 * - batch: created suspended and `stateless` — each scheduled run (`BatchRunSchedule`) is a fresh application that
 *   keeps no state (a bounded read from its start offsets). `savepoint` would not do: the operator refuses to redeploy
 *   a FINISHED job whose last checkpoint it does not know, and a bounded job takes none.
 */
export function jobDeploymentSpec(props: JobDeploymentSpecProps): FlinkDeploymentSpec {
  const batch = props.job.mode.value === 'batch';
  // `stateless` for batch runs, and for a state-incompatible change this deployment starts without state (checkStateLock).
  const upgradeMode = batch || props.job.upgradeMode === 'stateless' ? FlinkDeploymentSpecJobUpgradeMode.STATELESS
    : props.job.upgradeMode === 'last-state' ? FlinkDeploymentSpecJobUpgradeMode.LAST_HYPHEN_STATE : FlinkDeploymentSpecJobUpgradeMode.SAVEPOINT;
  return {
    ...sessionDeploymentSpec(props),
    job: {
      jarUri: props.jarUri,
      entryClass: props.entryClass,
      args: [...props.args],
      parallelism: props.job.parallelism.initial,
      upgradeMode,
      state: batch || props.suspended === true ? FlinkDeploymentSpecJobState.SUSPENDED : FlinkDeploymentSpecJobState.RUNNING,
      allowNonRestoredState: false,
    },
  };
}

/** The longest a scheduled run may take: the window its cost control prices (`hoursPerDay`), in seconds. */
export function batchRunTimeoutSeconds(job: JobPlan): number {
  return Math.round(job.costControl.hoursPerDay * 3600);
}
