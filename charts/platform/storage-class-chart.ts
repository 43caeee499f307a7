import * as cdk8s from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';

/** Props of StorageClassChart. */
export interface StorageClassChartProps {
  /** Name of the storage class Kafka volumes claim. */
  readonly storageClassName: string;
  /** CSI provisioner (the EBS CSI driver). */
  readonly provisioner: string;
  /** Keep the EBS volume when its claim is deleted (environments that retain data). */
  readonly retainVolumes: boolean;
}

/**
 * The cluster's default storage class: encrypted gp3 EBS volumes, bound when the pod is scheduled (so a volume is
 * created in the zone of the broker's node), expandable in place.
 */
export class StorageClassChart extends cdk8s.Chart {
  constructor(scope: Construct, id: string, props: StorageClassChartProps) {
    super(scope, id);
    new k8s.KubeStorageClass(this, 'Gp3Encrypted', {
      metadata: {
        name: props.storageClassName,
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: props.provisioner,
      parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: props.retainVolumes ? 'Retain' : 'Delete',
    });
  }
}
