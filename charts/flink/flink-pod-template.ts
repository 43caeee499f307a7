import { NodeRole } from '../../constructs/self-hosted/platform/node-role';
import { FlinkDeploymentSpecPodTemplate } from '../imports/flink.apache.org';

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

/** Props of a Flink pod template. */
export interface FlinkPodTemplateProps {
  /** AWS region of S3 and Glue (the S3 file system and the Glue catalog read `AWS_REGION`). */
  readonly region: string;
  /** Read-only file mounts (SQL scripts, the Kafka cluster CA). */
  readonly mounts: readonly FlinkPodMount[];
}

/**
 * The pod template of Flink JobManagers and TaskManagers: on the tainted Flink nodes, with `AWS_REGION` set and the
 * given files mounted read-only.
 */
export function flinkPodTemplate(props: FlinkPodTemplateProps): FlinkDeploymentSpecPodTemplate {
  return {
    spec: {
      nodeSelector: NodeRole.FLINK.nodeSelector,
      tolerations: NodeRole.FLINK.tolerations.map((t) => ({ ...t })),
      containers: [{
        name: FLINK_MAIN_CONTAINER,
        env: [{ name: 'AWS_REGION', value: props.region }],
        volumeMounts: props.mounts.map((m) => ({ name: m.name, mountPath: m.mountPath, readOnly: true })),
      }],
      volumes: props.mounts.map((m) => {
        const items = m.items.map((i) => ({ ...i }));
        return 'configMap' in m.source
          ? { name: m.name, configMap: { name: m.source.configMap, items } }
          : { name: m.name, secret: { secretName: m.source.secret, items } };
      }),
    },
  };
}
