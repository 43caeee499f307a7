import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { NodeRole } from '../../constructs/self-hosted/platform/node-role';

/** Props of BatchRunSchedule. */
export interface BatchRunScheduleProps {
  /** Name of the job: the object of each run and the prefix of the scheduler's objects. */
  readonly jobName: string;
  /** The complete object of one run: a FlinkDeployment (application mode) or a FlinkSessionJob. */
  readonly run: Record<string, unknown>;
  /** Five-field cron expression, UTC. */
  readonly schedule: string;
  /** Image with `kubectl` as its entry point. */
  readonly kubectlImage: string;
  /**
   * How long one submission may wait for the previous run's FlinkDeployment to be deleted.
   * @default '10m'
   */
  readonly deleteTimeout?: string;
}

/** File name of the run's object in the template ConfigMap. */
export const RUN_TEMPLATE_FILE = 'run.yaml';

const PLURALS: Record<string, string> = { FlinkDeployment: 'flinkdeployments', FlinkSessionJob: 'flinksessionjobs' };

/**
 * Runs a bounded (batch) job on a schedule with the Flink Kubernetes Operator, which has no scheduler of its own:
 * the run's FlinkDeployment (or FlinkSessionJob) is kept as a template in a ConfigMap, and a CronJob
 * `kubectl replace --force`s it at each scheduled time — the previous run's object (finished; for a deployment its
 * JobManager already shut down by the operator) is deleted and a fresh one created, so every run is a new application with no state carried over (the bounded read
 * and the Iceberg upsert make re-runs idempotent). The run object is not applied by CloudFormation, so a stack update
 * never interrupts a run; a run still going at the next scheduled time is replaced (`concurrencyPolicy: Forbid` only
 * keeps two submissions from overlapping). The CronJob's service account may only manage this job's object.
 */
export class BatchRunSchedule extends Construct {
  public readonly template: k8s.KubeConfigMap;
  public readonly cronJob: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: BatchRunScheduleProps) {
    super(scope, id);
    const name = `${props.jobName}-scheduler`;
    const plural = PLURALS[String(props.run.kind)];
    if (plural === undefined) throw new Error(`BatchRunSchedule runs FlinkDeployments or FlinkSessionJobs, not ${String(props.run.kind)}`);
    this.template = new k8s.KubeConfigMap(this, 'RunTemplate', {
      metadata: { name: `${props.jobName}-run` },
      data: { [RUN_TEMPLATE_FILE]: YAML.stringify(props.run, { lineWidth: 0 }) },
    });
    new k8s.KubeServiceAccount(this, 'SchedulerAccount', { metadata: { name } });
    new k8s.KubeRole(this, 'SchedulerRole', {
      metadata: { name },
      rules: [
        { apiGroups: ['flink.apache.org'], resources: [plural], resourceNames: [props.jobName], verbs: ['get', 'delete'] },
        { apiGroups: ['flink.apache.org'], resources: [plural], verbs: ['create'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'SchedulerBinding', {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name }],
    });
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
            backoffLimit: 2,
            template: {
              spec: {
                serviceAccountName: name,
                restartPolicy: 'Never',
                nodeSelector: NodeRole.SYSTEM.nodeSelector,
                securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [{
                  name: 'submit',
                  image: props.kubectlImage,
                  args: ['replace', '--force', `--timeout=${props.deleteTimeout ?? '10m'}`, '-f', `/run-template/${RUN_TEMPLATE_FILE}`],
                  resources: { requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') }, limits: { memory: k8s.Quantity.fromString('128Mi') } },
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                  volumeMounts: [{ name: 'run-template', mountPath: '/run-template', readOnly: true }],
                }],
                volumes: [{ name: 'run-template', configMap: { name: `${props.jobName}-run` } }],
              },
            },
          },
        },
      },
    });
  }
}
