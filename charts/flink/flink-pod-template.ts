import { NodeRole } from '../../constructs/self-hosted/platform/node-role';
import { FlinkDeploymentSpecPodTemplate, FlinkDeploymentSpecPodTemplateSpecVolumesEmptyDirSizeLimit } from '../imports/flink.apache.org';
import { flinkMetricsContainerPort } from './flink-metrics';

/** Name of the Flink container the operator merges a pod template into. */
export const FLINK_MAIN_CONTAINER = 'flink-main-container';

/** A file set mounted into every JobManager and TaskManager. */
export interface FlinkPodMount {
  /** Volume name. */
  readonly name: string;
  /** Directory in the container. */
  readonly mountPath: string;
  /** Source: a ConfigMap or a Secret with the given keys as files (`key` → `path`). */
  readonly source: { readonly configMap: string } | { readonly secret: string };
  /** Keys of the source to mount, as file names. */
  readonly items: ReadonlyArray<{ readonly key: string; readonly path: string }>;
}

/**
 * The pod's Kafka credentials: an init container (the runner image's `KafkaCredentials`) copies `sasl.jaas.config`
 * of the principal's Strimzi Secret, in the Kafka namespace, into an in-memory volume the Kafka client reads.
 */
export interface KafkaCredentialsCopy {
  /** Image with `java` and the runner jar (the job's runner image). */
  readonly image: string;
  /** Path of the runner jar in the image. */
  readonly jarPath: string;
  /** Namespace of the Kafka cluster and its users' Secrets. */
  readonly namespace: string;
  /** The principal's KafkaUser (and Secret) name. */
  readonly secretName: string;
  /** The credentials file the Kafka client properties name; its directory is the in-memory volume. */
  readonly file: string;
}

/** User and group id of `flink` in the official Flink images. */
export const FLINK_USER_ID = 9999;

/** Main class of the credentials copy in the runner jar. */
export const KAFKA_CREDENTIALS_MAIN_CLASS = 'io.eventpipelines.sqlrunner.KafkaCredentials';

/** Props of a Flink pod template. */
export interface FlinkPodTemplateProps {
  /** AWS region of S3 and Glue (the S3 file system and the Glue catalog read `AWS_REGION`). */
  readonly region: string;
  /** Read-only file mounts (SQL scripts, the Kafka cluster CA). */
  readonly mounts: readonly FlinkPodMount[];
  /**
   * Copies the pod's Kafka credentials before Flink starts.
   * @default - none (the Kafka listener needs no client credentials)
   */
  readonly kafkaCredentials?: KafkaCredentialsCopy;
}

/** The init container and volume that copy a pod's Kafka credentials (see {@link KafkaCredentialsCopy}). */
function credentialsCopy(copy: KafkaCredentialsCopy) {
  const directory = copy.file.replace(/\/[^/]+$/, '');
  const volume = 'kafka-credentials';
  return {
    volume: { name: volume, emptyDir: { medium: 'Memory', sizeLimit: FlinkDeploymentSpecPodTemplateSpecVolumesEmptyDirSizeLimit.fromString('1Mi') } },
    mount: { name: volume, mountPath: directory, readOnly: true },
    initContainer: {
      name: 'kafka-credentials',
      image: copy.image,
      // No perf-data file: the root file system is read-only.
      command: ['java', '-XX:-UsePerfData', '-cp', copy.jarPath, KAFKA_CREDENTIALS_MAIN_CLASS,
        '--namespace', copy.namespace, '--secret', copy.secretName, '--key', 'sasl.jaas.config', '--out', copy.file],
      volumeMounts: [{ name: volume, mountPath: directory }],
      // The official Flink image's `flink` user (its entry point drops to it; this container bypasses the entry point).
      securityContext: { runAsUser: FLINK_USER_ID, runAsGroup: FLINK_USER_ID, runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    },
  };
}

/**
 * The pod-level security context of Flink pods, as Pod Security `restricted` requires: the official image's `flink`
 * user (uid/gid 9999, which owns /opt/flink) from the start instead of the entry point dropping to it, volumes
 * group-owned by it, and the runtime's default seccomp profile.
 */
export const FLINK_POD_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: FLINK_USER_ID,
  runAsGroup: FLINK_USER_ID,
  fsGroup: FLINK_USER_ID,
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/**
 * The Flink container's security context: no privilege escalation, no Linux capabilities. The root file system stays
 * writable: the image's entry point and Flink write under /opt/flink (plugins, logs, the rendered configuration).
 */
export const FLINK_CONTAINER_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
} as const;

/**
 * The pod template of Flink JobManagers and TaskManagers: on the tainted Flink nodes, with `AWS_REGION` set, the
 * Prometheus reporter's named container port (`flink-metrics.ts`), the given files mounted read-only and, where Kafka authenticates clients, the pod's credentials copied in first. The
 * pod meets Pod Security `restricted` (the operator merges this template into every JobManager and TaskManager pod).
 */
export function flinkPodTemplate(props: FlinkPodTemplateProps): FlinkDeploymentSpecPodTemplate {
  const credentials = props.kafkaCredentials === undefined ? undefined : credentialsCopy(props.kafkaCredentials);
  return {
    spec: {
      nodeSelector: NodeRole.FLINK.nodeSelector,
      tolerations: NodeRole.FLINK.tolerations.map((t) => ({ ...t })),
      securityContext: { ...FLINK_POD_SECURITY_CONTEXT, seccompProfile: { ...FLINK_POD_SECURITY_CONTEXT.seccompProfile } },
      ...(credentials === undefined ? {} : { initContainers: [credentials.initContainer] }),
      containers: [{
        name: FLINK_MAIN_CONTAINER,
        securityContext: { ...FLINK_CONTAINER_SECURITY_CONTEXT, capabilities: { drop: [...FLINK_CONTAINER_SECURITY_CONTEXT.capabilities.drop] } },
        env: [{ name: 'AWS_REGION', value: props.region }],
        ports: [flinkMetricsContainerPort()],
        volumeMounts: [
          ...props.mounts.map((m) => ({ name: m.name, mountPath: m.mountPath, readOnly: true })),
          ...(credentials === undefined ? [] : [credentials.mount]),
        ],
      }],
      volumes: [
        ...props.mounts.map((m) => {
          const items = m.items.map((i) => ({ ...i }));
          return 'configMap' in m.source
            ? { name: m.name, configMap: { name: m.source.configMap, items } }
            : { name: m.name, secret: { secretName: m.source.secret, items } };
        }),
        ...(credentials === undefined ? [] : [credentials.volume]),
      ],
    },
  };
}
