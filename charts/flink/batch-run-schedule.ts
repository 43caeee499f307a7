import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { NodeRole } from '../../constructs/self-hosted/platform/node-role';

/** The operator resource a batch job runs as. */
export type BatchRunKind = 'FlinkDeployment' | 'FlinkSessionJob';

/** Props of BatchRunSchedule. */
export interface BatchRunScheduleProps {
  /** Name of the job's FlinkDeployment / FlinkSessionJob (applied by the stack, `job.state: suspended`). */
  readonly jobName: string;
  /** Kind of that object. */
  readonly kind: BatchRunKind;
  /** Five-field cron expression, UTC. */
  readonly schedule: string;
  /** Image with `kubectl` as its entry point (no shell needed). */
  readonly kubectlImage: string;
  /** The longest a run may take once deployed (the plan's run window): a run not FINISHED by then fails. */
  readonly runTimeoutSeconds: number;
  /**
   * How long the operator may take to deploy a run (JobManager scheduled, new nodes included).
   * @default 1200 (20 minutes)
   */
  readonly startTimeoutSeconds?: number;
}

/** Flink configuration key the scheduler sets to the run's pod name: a spec change that makes the operator deploy a fresh run. */
export const BATCH_RUN_ID_KEY = 'pipelines.batch-run.id';

const RESOURCES: Record<BatchRunKind, string> = { FlinkDeployment: 'flinkdeployments', FlinkSessionJob: 'flinksessionjobs' };
const HOME = '/home/kubectl';
/** How long a FINISHED run may take to show as STABLE (it is at once, unless the run was suspended instead). */
const CHECK_TIMEOUT_SECONDS = 120;

/** The merge patch that starts a run: `job.state: running` and a new run id (the pod name, expanded by Kubernetes). */
export function startRunPatch(runId: string): Record<string, unknown> {
  return { spec: { job: { state: 'running' }, flinkConfiguration: { [BATCH_RUN_ID_KEY]: runId } } };
}

/**
 * Runs a bounded (batch) job on a schedule through the Flink Kubernetes Operator's own lifecycle (it has no scheduler):
 * the stack applies the job's FlinkDeployment (or FlinkSessionJob) suspended, with `upgradeMode: stateless`, and at
 * each scheduled time a CronJob's pod, with nothing but `kubectl`, runs these steps in order (init containers), each
 * failing the Kubernetes Job — the run's failure signal — when it does not happen in time:
 * 1. `start-run`: patch `spec.job.state: running` and `flinkConfiguration[pipelines.batch-run.id]` = the pod's name.
 *    The changed spec makes the operator deploy a fresh application whatever the object's state: a first run
 *    (created suspended), a FINISHED or FAILED previous run, one suspended by a deployment (a stateless upgrade starts
 *    the job anew; batch runs keep no state, the bounded read and the Iceberg upsert make re-runs idempotent).
 * 2. `await-deployment`: the operator marks the new job RECONCILING (until its JobManager answers), which tells this
 *    run from the previous run's FINISHED status.
 * 3. `await-finished`: the job reports FINISHED within the run window; a FAILED or overlong run fails here, at the
 *    window's end.
 * 4. `check-completed`: the object is STABLE — the job ended by itself, not suspended by a deployment meanwhile.
 * The CronJob never starts a run while the previous one is still being watched (`concurrencyPolicy: Forbid`, the Job's
 * deadline covers both timeouts), keeps the last three failed runs, and retries nothing (`backoffLimit: 0`: a retry
 * would restart the run). The finished JobManager is removed by the operator after `jm-deployment.shutdown-ttl`.
 * The scheduler's account may get, watch and patch this one object only (`kubectl wait` lists and watches it by name).
 */
export class BatchRunSchedule extends Construct {
  public readonly cronJob: k8s.KubeCronJob;
  public readonly role: k8s.KubeRole;

  constructor(scope: Construct, id: string, props: BatchRunScheduleProps) {
    super(scope, id);
    const name = `${props.jobName}-scheduler`;
    const plural = RESOURCES[props.kind];
    if (plural === undefined) throw new Error(`BatchRunSchedule runs FlinkDeployments or FlinkSessionJobs, not ${String(props.kind)}`);
    const startTimeout = props.startTimeoutSeconds ?? 1200;
    for (const [field, value] of [['runTimeoutSeconds', props.runTimeoutSeconds], ['startTimeoutSeconds', startTimeout]] as const) {
      if (!Number.isInteger(value) || value < 60) {
        throw new Error(`BatchRunSchedule "${props.jobName}": ${field} must be a whole number of seconds ≥ 60, got ${value} — give the run window in seconds`);
      }
    }
    const target = `${plural}.flink.apache.org/${props.jobName}`;
    new k8s.KubeServiceAccount(this, 'SchedulerAccount', { metadata: { name } });
    this.role = new k8s.KubeRole(this, 'SchedulerRole', {
      metadata: { name },
      rules: [{ apiGroups: ['flink.apache.org'], resources: [plural], resourceNames: [props.jobName], verbs: ['get', 'list', 'watch', 'patch'] }],
    });
    new k8s.KubeRoleBinding(this, 'SchedulerBinding', {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name }],
    });
    const step = (stepName: string, args: string[]): k8s.Container => ({
      name: stepName,
      image: props.kubectlImage,
      args,
      // kubectl caches API discovery under $HOME/.kube: a writable emptyDir on a read-only root file system.
      env: [{ name: 'HOME', value: HOME }, { name: 'RUN_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      resources: { requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') }, limits: { memory: k8s.Quantity.fromString('128Mi') } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
      volumeMounts: [{ name: 'home', mountPath: HOME }],
    });
    const wait = (stepName: string, jsonPath: string, value: string, timeoutSeconds: number): k8s.Container =>
      step(stepName, ['wait', target, `--for=jsonpath={${jsonPath}}=${value}`, `--timeout=${timeoutSeconds}s`]);
    this.cronJob = new k8s.KubeCronJob(this, 'Schedule', {
      metadata: { name: props.jobName },
      spec: {
        schedule: props.schedule,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: startTimeout + props.runTimeoutSeconds + CHECK_TIMEOUT_SECONDS + 300,
            template: {
              spec: {
                serviceAccountName: name,
                restartPolicy: 'Never',
                nodeSelector: NodeRole.SYSTEM.nodeSelector,
                securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
                initContainers: [
                  step('start-run', ['patch', target, '--type=merge', '-p', JSON.stringify(startRunPatch('$(RUN_ID)'))]),
                  wait('await-deployment', '.status.jobStatus.state', 'RECONCILING', startTimeout),
                  wait('await-finished', '.status.jobStatus.state', 'FINISHED', props.runTimeoutSeconds),
                ],
                containers: [wait('check-completed', '.status.lifecycleState', 'STABLE', CHECK_TIMEOUT_SECONDS)],
                volumes: [{ name: 'home', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } }],
              },
            },
          },
        },
      },
    });
  }
}
