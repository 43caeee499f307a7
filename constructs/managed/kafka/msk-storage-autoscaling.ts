import { Size, Stack, aws_applicationautoscaling as appscaling, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Largest EBS volume MSK allows per Standard broker. */
export const MSK_MAX_STORAGE_PER_BROKER = Size.gibibytes(16384);

/** Properties of {@link MskStorageAutoScaling}. */
export interface MskStorageAutoScalingProps {
  /** ARN of the provisioned (Standard broker) cluster. */
  readonly clusterArn: string;
  /** The provisioned volume size of each broker: the floor (MSK never shrinks broker storage). */
  readonly storagePerBroker: Size;
  /**
   * Ceiling of each broker's volume.
   * @default - 4 × storagePerBroker, at most 16 TiB
   */
  readonly maxStoragePerBroker?: Size;
  /**
   * Disk utilization (percent) the policy keeps each broker under.
   * @default 60
   */
  readonly targetUtilizationPercent?: number;
}

/**
 * Expands the brokers' EBS volumes before they fill: Application Auto Scaling on `kafka:broker-storage:VolumeSize`
 * with target tracking on `KafkaBrokerStorageUtilization`. Scale-in is disabled because MSK cannot shrink volumes.
 * It runs as the Application Auto Scaling service-linked role for MSK.
 *
 * Note: once a volume has grown, lowering `storagePerBroker` in the template fails the update (MSK cannot shrink);
 * raise it only above the current size.
 */
export class MskStorageAutoScaling extends Construct {
  /** The scalable target. */
  public readonly target: appscaling.ScalableTarget;
  /** Effective ceiling in GiB. */
  public readonly maxCapacityGiB: number;

  constructor(scope: Construct, id: string, props: MskStorageAutoScalingProps) {
    super(scope, id);
    const floor = props.storagePerBroker.toGibibytes();
    const ceiling = props.maxStoragePerBroker?.toGibibytes()
      ?? Math.min(floor * 4, MSK_MAX_STORAGE_PER_BROKER.toGibibytes());
    this.maxCapacityGiB = ceiling;
    const stack = Stack.of(this);
    const serviceLinkedRole = iam.Role.fromRoleArn(this, 'ServiceLinkedRole', stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: 'aws-service-role/kafka.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_KafkaCluster',
    }), { mutable: false });
    this.target = new appscaling.ScalableTarget(this, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.KAFKA,
      resourceId: props.clusterArn,
      scalableDimension: 'kafka:broker-storage:VolumeSize',
      minCapacity: floor,
      maxCapacity: ceiling,
      role: serviceLinkedRole,
    });
    this.target.scaleToTrackMetric('Utilization', {
      predefinedMetric: appscaling.PredefinedMetric.KAFKA_BROKER_STORAGE_UTILIZATION,
      targetValue: props.targetUtilizationPercent ?? 60,
      disableScaleIn: true,
    });
  }
}
