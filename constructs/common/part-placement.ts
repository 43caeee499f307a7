import { NestedStack, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Type of the cloud-assembly metadata entry on a pipeline stack that says where its units were placed. */
export const PART_PLACEMENT_METADATA = 'event-pipelines:placement';

/**
 * Where the units of one group of a stack sit (`JobPart`, `TopicPart`, `TablePart`, `ClaimPart`): part number → unit
 * keys, in the order they were placed. Part 1 is the group's scope in the stack itself; part n ≥ 2 is the nested stack
 * `<group><n>` of that stack.
 */
export type PartsOfGroup = { [part: string]: string[] };

/** What a pipeline stack records in its cloud-assembly metadata (`PART_PLACEMENT_METADATA`). */
export interface PartPlacementRecord {
  readonly pipeline: string;
  readonly environment: string;
  readonly flavor: string;
  /** Group → part → unit keys. */
  readonly groups: { [group: string]: PartsOfGroup };
}

const RECORDS = new WeakMap<Stack, PartPlacementRecord>();
const RECORDED = new WeakMap<Stack, { readonly [group: string]: PartsOfGroup }>();

/**
 * The placement record of a top-level stack: `ResourceShards` writes into it as it places units, and the stack's
 * metadata carries it into the cloud assembly, where `pipelines schema lock` reads it after a deployment. The record
 * is added to the stack's metadata when it is created and filled in afterwards (metadata is serialized at synth).
 */
export class PartPlacement {
  /**
   * Starts the record of `stack` (a pipeline stack, once, in its constructor), with where the deployment the state
   * lock records placed its units (`recorded`: the lock's placement of this flavor, group → part → keys).
   */
  public static start(stack: Stack, identity: Omit<PartPlacementRecord, 'groups'>, recorded: { readonly [group: string]: PartsOfGroup } = {}): void {
    if (RECORDS.has(stack)) throw new Error(`stack ${stack.node.path} already records its placement`);
    const record: PartPlacementRecord = { ...identity, groups: {} };
    RECORDS.set(stack, record);
    RECORDED.set(stack, recorded);
    stack.node.addMetadata(PART_PLACEMENT_METADATA, record);
  }

  /** What the lock recorded of `group` for the top-level stack of `scope` (undefined: nothing, or no record kept). */
  public static recorded(scope: IConstruct, group: string): PartsOfGroup | undefined {
    return RECORDED.get(topLevelStack(scope))?.[group];
  }

  /** Notes that `key` of `group` went into `part`, on the record of the top-level stack of `scope` (if it keeps one). */
  public static note(scope: IConstruct, group: string, key: string, part: number): void {
    const record = RECORDS.get(topLevelStack(scope));
    if (record === undefined) return;
    const parts = record.groups[group] ?? (record.groups[group] = {});
    (parts[String(part)] ?? (parts[String(part)] = [])).push(key);
  }
}

function topLevelStack(scope: IConstruct): Stack {
  let stack = Stack.of(scope);
  while (NestedStack.isNestedStack(stack) && stack.nestedStackParent !== undefined) stack = stack.nestedStackParent;
  return stack;
}
