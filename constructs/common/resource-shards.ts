import { CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { PartPlacement } from './part-placement';

/** CloudFormation's limit of resources in one stack (a nested stack counts as one resource of its parent). */
export const CLOUDFORMATION_MAX_RESOURCES = 500;

/**
 * Resources a stack takes before further units go into a nested stack: half of CloudFormation's limit, so that the
 * template also stays well under its 1 MB limit (a resource here serializes to 0.5–2.5 KB) and what a deployment adds
 * around the units (nested-stack parameters, singletons) fits.
 */
export const DEFAULT_RESOURCES_PER_STACK = 250;

/** The key of a pipeline's load generator among its jobs' units (no job name starts with `@`). */
export const LOAD_GENERATOR_UNIT = '@load-generator';

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
  /** Id prefix of the nested stacks: `<id>2`, `<id>3`, … It also names the group in the placement record. */
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
  /**
   * Where the deployment recorded in the state lock placed this group's units (part → unit keys; the lock's
   * `placement`): a recorded unit goes into the same part again, whatever the units around it do.
   * @default - what the top-level stack's placement record holds for group `id` (`PartPlacement.start`), else nothing
   */
  readonly placed?: { readonly [part: string]: readonly string[] };
}

/** A unit of work for `ResourceShards.addAll`: its key (stable across deployments) and what builds it. */
export interface ShardUnit<T> {
  /** Names the unit in the placement record: unique in the group, and the same in every synth (`job:orders-to-lake`). */
  readonly key: string;
  readonly build: (shard: T) => void;
}

interface Part<T> {
  readonly index: number;
  readonly shard: T;
  readonly stack: Stack;
}

/**
 * Places units of work (a job, a table, a topic) into as few stacks as CloudFormation's resource limit allows, and
 * keeps each unit where it was deployed.
 *
 * A unit the state lock records (`placed`) goes into its recorded part (the first scope, or nested stack
 * `<id><n>`): moving it would delete its resources in one stack and create them in another, which fails for a named
 * resource (the name exists) and loses a stateful one. A new unit goes into the lowest part with room for it, or a
 * new nested stack after the highest part. Room: the part's stack plus the largest unit measured so far stays within
 * the budget (units are measured as they are built, so the split follows what the flavors really synthesize), and
 * `isFull` says no. `addAll` builds the recorded units first, so new ones fill the room the recorded ones leave.
 * Small pipelines stay in one stack. Every placement is noted on the top-level stack's record (`PartPlacement`),
 * which `pipelines schema lock` copies into the lock after a deployment.
 */
export class ResourceShards<T> {
  private readonly props: ResourceShardsProps<T>;
  private readonly budget: number;
  private readonly parts = new Map<number, Part<T>>();
  private readonly recorded = new Map<string, number>();
  private readonly placedNow = new Map<string, number>();
  private largestUnit = 0;

  constructor(props: ResourceShardsProps<T>) {
    this.props = props;
    this.budget = props.budget ?? DEFAULT_RESOURCES_PER_STACK;
    for (const [part, keys] of Object.entries(props.placed ?? PartPlacement.recorded(props.scope, props.id) ?? {})) {
      const index = Number(part);
      if (!Number.isInteger(index) || index < 1) throw new Error(`${props.id}: recorded part ${JSON.stringify(part)} is not a part number (1, 2, …)`);
      for (const key of keys) this.recorded.set(key, index);
    }
  }

  /** The shards made so far, in part order. */
  public get shards(): readonly T[] {
    return [...this.parts.values()].sort((a, b) => a.index - b.index).map((p) => p.shard);
  }

  /** Where each unit went in this synth: key → part (1: the first scope; n: nested stack `<id><n>`). */
  public get placement(): ReadonlyMap<string, number> {
    return this.placedNow;
  }

  /** Builds every unit: the ones the lock records first (in their parts), then the new ones (where there is room). */
  public addAll(units: ReadonlyArray<ShardUnit<T>>): void {
    const recorded = units.filter((u) => this.recorded.has(u.key));
    const fresh = units.filter((u) => !this.recorded.has(u.key));
    for (const unit of [...recorded, ...fresh]) this.add(unit.key, unit.build);
  }

  /** Builds one unit into its recorded part, or (new) into the lowest part with room, or a new one. */
  public add<R>(key: string, build: (shard: T) => R): R {
    if (this.placedNow.has(key)) throw new Error(`${this.props.id}: unit ${JSON.stringify(key)} is placed twice`);
    const recordedIndex = this.recorded.get(key);
    const part = recordedIndex !== undefined ? this.part(recordedIndex) : this.partWithRoom();
    const before = stackResourceCount(part.stack);
    const result = build(part.shard);
    this.largestUnit = Math.max(this.largestUnit, stackResourceCount(part.stack) - before);
    this.placedNow.set(key, part.index);
    PartPlacement.note(this.props.scope, this.props.id, key, part.index);
    return result;
  }

  private hasRoom(part: Part<T>): boolean {
    const unit = this.largestUnit > 0 ? this.largestUnit : this.props.firstUnitEstimate ?? 25;
    return stackResourceCount(part.stack) + unit <= this.budget && !(this.props.isFull?.(part.shard) ?? false);
  }

  private partWithRoom(): Part<T> {
    // The first scope takes units only while its stack has room for one.
    this.part(1);
    const parts = [...this.parts.values()].sort((a, b) => a.index - b.index);
    return parts.find((p) => this.hasRoom(p)) ?? this.part(parts[parts.length - 1].index + 1);
  }

  /** Part `index`, made on first use (part 1: the first scope; n ≥ 2: nested stack `<id><n>`). */
  private part(index: number): Part<T> {
    const existing = this.parts.get(index);
    if (existing !== undefined) return existing;
    let made: Part<T>;
    if (index === 1) {
      made = { index, shard: this.props.createShard(this.props.scope, 1), stack: Stack.of(this.props.scope) };
    } else {
      const parent = Stack.of(this.props.scope);
      const scope = new NestedStack(parent, `${this.props.id}${index}`, { description: `Part ${index} of ${parent.stackName}` });
      made = { index, shard: this.props.createShard(scope, index), stack: Stack.of(scope) };
    }
    this.parts.set(index, made);
    return made;
  }
}
