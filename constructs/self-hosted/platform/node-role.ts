/** A Kubernetes toleration, as pod specs and Helm values write it. */
export interface NodeToleration {
  readonly key: string;
  readonly operator: 'Equal';
  readonly value: string;
  readonly effect: 'NoSchedule';
}

/**
 * What runs on a node group of the self-hosted cluster: the label its nodes carry and, for dedicated groups, the taint
 * that keeps every other pod away. The EKS platform puts them on the nodes; the Kafka and Flink charts and the Helm
 * add-ons select and tolerate them. Changing a label or taint replaces the node group: they are public API.
 */
export class NodeRole {
  /** The node label key every role sets. */
  public static readonly LABEL_KEY = 'pipelines.aws/node-role';
  /** The taint key of dedicated roles. */
  public static readonly TAINT_KEY = 'pipelines.aws/dedicated';

  /** Operators, cluster add-ons, KRaft controllers: untainted, so anything without a placement lands here. */
  public static readonly SYSTEM = new NodeRole('system', false);
  /** Kafka brokers only, one per node. */
  public static readonly KAFKA = new NodeRole('kafka', true);
  /** Flink JobManagers and TaskManagers only; scaled by the node autoscaler. */
  public static readonly FLINK = new NodeRole('flink', true);

  private constructor(
    /** Value of the role label (and of the taint, for dedicated roles). */
    public readonly name: 'system' | 'kafka' | 'flink',
    /** Whether nodes are tainted so only pods that tolerate the role run there. */
    public readonly dedicated: boolean,
  ) {}

  /** Labels of the role's nodes. */
  public get labels(): Record<string, string> {
    return { [NodeRole.LABEL_KEY]: this.name };
  }

  /** A pod `nodeSelector` that places pods on this role's nodes. */
  public get nodeSelector(): Record<string, string> {
    return this.labels;
  }

  /** Tolerations a pod needs to run on this role's nodes (none for untainted roles). */
  public get tolerations(): NodeToleration[] {
    return this.dedicated ? [{ key: NodeRole.TAINT_KEY, operator: 'Equal', value: this.name, effect: 'NoSchedule' }] : [];
  }

  public toString(): string {
    return this.name;
  }
}
