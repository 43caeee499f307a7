import * as fs from 'fs';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PartPlacement, PART_PLACEMENT_METADATA, PartPlacementRecord } from '../../../constructs/common/part-placement';
import { ResourceShards, ShardUnit } from '../../../constructs/common/resource-shards';
import { placementFromAssembly } from '../../../lib/app/assembly-placement';
import { testApp } from '../../support/test-app';

/** A unit of `size` resources named after `key`. */
function unit(key: string, size: number): ShardUnit<Construct> {
  return { key, build: (shard) => { for (let i = 0; i < size; i++) new CfnResource(shard, `${key}-${i}`, { type: 'Test::Unit::Resource' }); } };
}

function shardsIn(stack: Stack, placed?: { [part: string]: string[] }): ResourceShards<Construct> {
  return new ResourceShards<Construct>({ scope: stack, id: 'Part', budget: 10, firstUnitEstimate: 1, createShard: (scope) => scope, ...(placed !== undefined ? { placed } : {}) });
}

test('new units fill the first part, then nested stacks in order (nothing recorded)', () => {
  const shards = shardsIn(new Stack(new App(), 'S'));
  shards.addAll(['a', 'b', 'c', 'd', 'e'].map((k) => unit(k, 4)));
  expect(Object.fromEntries(shards.placement)).toEqual({ a: 1, b: 1, c: 2, d: 2, e: 3 });
});

test('a recorded unit goes into its recorded part even when that part is past the budget; new units go where there is room', () => {
  const stack = new Stack(new App(), 'S');
  const shards = shardsIn(stack, { 1: ['b'], 2: ['c', 'd'], 3: ['e'] });
  // "a" is new and given first: recorded units are built first, so "a" fills room the recorded ones leave.
  shards.addAll([unit('a', 4), unit('b', 4), unit('c', 4), unit('d', 4), unit('e', 4), unit('x', 4)]);
  expect(Object.fromEntries(shards.placement)).toEqual({ b: 1, c: 2, d: 2, e: 3, a: 1, x: 3 });
  expect(stack.node.tryFindChild('Part2')).toBeDefined();
  expect(stack.node.tryFindChild('Part4')).toBeUndefined();
});

test('a part whose units were all removed is not made again; a new unit goes after the highest part in use', () => {
  const stack = new Stack(new App(), 'S');
  const shards = shardsIn(stack, { 1: ['a', 'b'], 2: ['gone'], 3: ['e', 'f'] });
  shards.addAll([unit('a', 4), unit('b', 4), unit('e', 4), unit('f', 4), unit('new', 4)]);
  expect(Object.fromEntries(shards.placement)).toEqual({ a: 1, b: 1, e: 3, f: 3, new: 4 });
  expect(stack.node.tryFindChild('Part2')).toBeUndefined();
});

test('without a `placed` prop, the group\'s recorded parts come from the top-level stack\'s placement record', () => {
  const stack = new Stack(new App(), 'S');
  PartPlacement.start(stack, { pipeline: 'p', environment: 'prod', flavor: 'managed' }, { Part: { 2: ['b'] }, Other: { 3: ['a'] } });
  const shards = shardsIn(stack);
  shards.addAll([unit('a', 4), unit('b', 4)]);
  expect(Object.fromEntries(shards.placement)).toEqual({ b: 2, a: 1 });
});

test('a unit placed twice, or a part that is not a number, is an error naming it', () => {
  const shards = shardsIn(new Stack(new App(), 'S'));
  shards.add('a', () => undefined);
  expect(() => shards.add('a', () => undefined)).toThrow('Part: unit "a" is placed twice');
  expect(() => shardsIn(new Stack(new App(), 'T'), { first: ['a'] })).toThrow('Part: recorded part "first" is not a part number (1, 2, …)');
});

test('the placement reaches the cloud assembly, and is read back per pipeline and flavor for the environment asked', () => {
  const app = testApp();
  const stack = new Stack(app, 'Pipeline');
  PartPlacement.start(stack, { pipeline: 'orders', environment: 'prod', flavor: 'managed' });
  shardsIn(stack).addAll(['a', 'b', 'c'].map((k) => unit(k, 4)));
  const directory = app.synth().directory;
  try {
    const file = JSON.parse(fs.readFileSync(`${directory}/Pipeline.metadata.json`, 'utf8')) as Record<string, Array<{ type: string; data: PartPlacementRecord }>>;
    expect(file['/Pipeline'].find((e) => e.type === PART_PLACEMENT_METADATA)?.data.groups).toEqual({ Part: { 1: ['a', 'b'], 2: ['c'] } });
    expect(placementFromAssembly(directory, 'prod')).toEqual({ found: true, pipelines: new Map([['orders', { managed: { Part: { 1: ['a', 'b'], 2: ['c'] } } }]]) });
    expect(placementFromAssembly(directory, 'dev')).toEqual({ found: true, pipelines: new Map() });
    expect(placementFromAssembly(`${directory}/absent`, 'prod').found).toBe(false);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});
