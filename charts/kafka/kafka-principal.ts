import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  KafkaUser, KafkaUserSpecAuthenticationType, KafkaUserSpecAuthorizationAcls, KafkaUserSpecAuthorizationAclsOperations,
  KafkaUserSpecAuthorizationAclsResourcePatternType, KafkaUserSpecAuthorizationAclsResourceType, KafkaUserSpecAuthorizationType,
} from '../imports/kafka.strimzi.io';
import { KafkaAclEntry, KafkaAclOperation, KafkaPrincipal, principalAclEntries } from '../../lib/plan/kafka-principals';

export type { KafkaPrincipal } from '../../lib/plan/kafka-principals';

/** Props of KafkaPrincipalObjects. */
export interface KafkaPrincipalObjectsProps {
  /** The Strimzi `Kafka` the user belongs to. */
  readonly clusterName: string;
  /** Namespace of the Kafka cluster (the user operator watches it). */
  readonly namespace: string;
  /** Namespace of the principal's workload (its service account). */
  readonly clientNamespace: string;
  readonly principal: KafkaPrincipal;
}

const RESOURCE_TYPES: Record<KafkaAclEntry['resourceType'], KafkaUserSpecAuthorizationAclsResourceType> = {
  topic: KafkaUserSpecAuthorizationAclsResourceType.TOPIC,
  group: KafkaUserSpecAuthorizationAclsResourceType.GROUP,
};

const OPERATIONS: Record<KafkaAclOperation, KafkaUserSpecAuthorizationAclsOperations> = {
  Describe: KafkaUserSpecAuthorizationAclsOperations.DESCRIBE,
  Read: KafkaUserSpecAuthorizationAclsOperations.READ,
  Write: KafkaUserSpecAuthorizationAclsOperations.WRITE,
};

/** The ACLs of a principal (`principalAclEntries`) as Strimzi KafkaUser ACLs: literal topic and group names only. */
export function principalAcls(principal: KafkaPrincipal): KafkaUserSpecAuthorizationAcls[] {
  return principalAclEntries(principal).map((entry) => ({
    resource: { type: RESOURCE_TYPES[entry.resourceType], name: entry.name, patternType: KafkaUserSpecAuthorizationAclsResourcePatternType.LITERAL },
    operations: entry.operations.map((operation) => OPERATIONS[operation]),
  }));
}

/**
 * One Kafka principal on Strimzi, added to the chart of the workload it belongs to (so it comes and goes with it): a
 * SCRAM-SHA-512 `KafkaUser` with ACLs for exactly its topics and consumer group, in the Kafka cluster's namespace.
 * Strimzi's user operator writes the credentials to a Secret of the same name there; the principal's own service
 * account in its workload namespace may `get` that one Secret (a Role in the Kafka namespace, bound across
 * namespaces) and nothing else of the namespace.
 */
export class KafkaPrincipalObjects extends Construct {
  public readonly user: KafkaUser;

  constructor(scope: Construct, id: string, props: KafkaPrincipalObjectsProps) {
    super(scope, id);
    const { principal, namespace } = props;
    this.user = new KafkaUser(this, 'User', {
      metadata: { name: principal.userName, namespace, labels: { 'strimzi.io/cluster': props.clusterName } },
      spec: {
        authentication: { type: KafkaUserSpecAuthenticationType.SCRAM_HYPHEN_SHA_HYPHEN_512 },
        authorization: { type: KafkaUserSpecAuthorizationType.SIMPLE, acls: principalAcls(principal) },
      },
    });
    if (principal.serviceAccount === undefined) return;
    const name = `kafka-credentials-${principal.userName}`;
    new k8s.KubeRole(this, 'CredentialsReader', {
      metadata: { name, namespace },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [principal.userName], verbs: ['get'] }],
    });
    new k8s.KubeRoleBinding(this, 'CredentialsReaderBinding', {
      metadata: { name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: principal.serviceAccount, namespace: props.clientNamespace }],
    });
  }
}
