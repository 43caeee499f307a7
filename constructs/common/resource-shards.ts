import { CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

/** CloudFormation's limit of resources in one stack (a nested stack counts as one resource of its parent). */
export const CLOUDFORMATION_MAX_RESOURCES = 500;

/**
 * Resources a stack takes before further units go into a nested stack: half of CloudFormation's limit, so that the
 * template also stays well under its 1 MB limit (a resource here serializes to 0.5–2.5 KB) and what a deployment adds
 * around the units (nested-stack parameters, singletons) fits.
 */
export const DEFAULT_RESOURCES_PER_STACK = 250;

/** Resources of a stack itself (not of its nested stacks). */
export function stackResourceCount(stack: Stack): number {
  let count = 0;
  const visit = (node: IConstruct) => {
    for (const child of node.node.children) {
      if (Stack.isStack(child) && child !== stack) continue;
      if (CfnResource.isCfnResource(child)) count++;
      visit(child);
    }
  };
  visit(stack);
  return count;
}

/** Props of ResourceShards. */
export interface ResourceShardsProps<T> {
  /** Scope of the first shard; its stack is the parent of the nested stacks of further shards. */
  readonly scope: Construct;
  /** Id prefix of the nested stacks: `<id>2`, `<id>3`, … */
  readonly id: string;
  /** Builds what a shard holds, in the shard's scope (the first scope, or a new nested stack). */
  readonly createShard: (scope: Construct, index: number) => T;
  /**
   * Resources a stack may hold before the next unit goes into a new nested stack (see DEFAULT_RESOURCES_PER_STACK).
   * @default 250
   */
  readonly budget?: number;
  /**
   * Resources the first unit is assumed to take, before any unit was measured: the first scope takes units only
   * while it has at least this much room left.
   * @default 25
   */
  readonly firstUnitEstimate?: number;
  /**
   * Another reason a shard takes no more units, e.g. the bytes of the Kubernetes manifests it applies (a template
   * must stay under 1 MB).
   * @default - resources only
   */
  readonly isFull?: (shard: T) => boolean;
}

/**
 * Places units of work (a job, a batch of tables) into as few stacks as CloudFormation's resource limit allows: each
 * unit is built into the current shard; before a unit, if the current stack plus the largest unit seen so far would
 * pass the budget, a new nested stack is started. Units are measured as they are built, so the split follows what
 * the flavors really synthesize. Small pipelines stay in one stack.
 */
export class ResourceShards<T> {
  private readonly props: ResourceShardsProps<T>;
  private readonly budget: number;
  private readonly all: T[] = [];
  private current?: { readonly shard: T; readonly stack: Stack };
  private largestUnit = 0;

  constructor(props: ResourceShardsProps<T>) {
    this.props = props;
    this.budget = props.budget ?? DEFAULT_RESOURCES_PER_STACK;
  }

  /** The shards made so far. */
  public get shards(): readonly T[] {
    return this.all;
  }

  /** Builds one unit into the current shard, or into a new one when it would not fit. */
  public add<R>(build: (shard: T) => R): R {
    const current = this.current !== undefined && this.hasRoom(this.current) ? this.current : this.next();
    const before = stackResourceCount(current.stack);
    const result = build(current.shard);
    this.largestUnit = Math.max(this.largestUnit, stackResourceCount(current.stack) - before);
    return result;
  }

  private hasRoom(current: { readonly shard: T; readonly stack: Stack }): boolean {
    const unit = this.largestUnit > 0 ? this.largestUnit : this.props.firstUnitEstimate ?? 25;
    return stackResourceCount(current.stack) + unit <= this.budget && !(this.props.isFull?.(current.shard) ?? false);
  }

  private next(): { readonly shard: T; readonly stack: Stack } {
    const index = this.all.length + 1;
    if (index === 1) {
      // The first scope takes units only while its stack has room for one.
      const first = { shard: this.props.createShard(this.props.scope, 1), stack: Stack.of(this.props.scope) };
      this.all.push(first.shard);
      this.current = first;
      if (this.hasRoom(first)) return first;
      return this.next();
    }
    const scope = new NestedStack(Stack.of(this.props.scope), `${this.props.id}${index}`, {
      description: `Part ${index} of ${Stack.of(this.props.scope).stackName}`,
    });
    const shard = this.props.createShard(scope, index);
    this.all.push(shard);
    this.current = { shard, stack: Stack.of(scope) };
    return this.current;
  }
}
