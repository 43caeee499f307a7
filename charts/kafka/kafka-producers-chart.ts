import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { ProducerPlan } from '../../lib/plan/pipeline-plan';
import { producerPrincipal } from '../../lib/plan/kafka-principals';
import { KafkaPrincipalObjects } from './kafka-principal';

/** Props of KafkaProducersChart. */
export interface KafkaProducersChartProps {
  /** The Strimzi `Kafka` the users belong to. */
  readonly clusterName: string;
  /** Namespace of the Kafka cluster (the user operator watches it). */
  readonly namespace: string;
  /** The pipeline whose topics they write (it prefixes the principals). */
  readonly pipeline: string;
  readonly producers: readonly ProducerPlan[];
}

export { producerUserName } from '../../lib/plan/kafka-principals';

/**
 * The pipeline's producers on Strimzi: a SCRAM-SHA-512 KafkaUser each whose ACLs allow writing (and describing) its
 * topics only, and, where it runs in Kubernetes, a Role that lets its own service account read its credentials.
 */
export class KafkaProducersChart extends cdk8s.Chart {
  constructor(scope: Construct, id: string, props: KafkaProducersChartProps) {
    super(scope, id, { namespace: props.namespace });
    for (const producer of props.producers) {
      new KafkaPrincipalObjects(this, `Producer-${producer.name}`, {
        clusterName: props.clusterName,
        namespace: props.namespace,
        clientNamespace: producer.serviceAccount?.namespace ?? props.namespace,
        principal: producerPrincipal(props.pipeline, producer),
      });
    }
  }
}
