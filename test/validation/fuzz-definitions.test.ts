import * as fc from 'fast-check';
import { Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { pipelineSignals } from '../../lib/plan/pipeline-signals';
import { validateManagedPlan } from '../../constructs/managed/validation/managed-plan-rules';
import { validateSelfHostedPlan } from '../../constructs/self-hosted/validation/self-hosted-plan-rules';
import { PipelineValidationError } from '../../lib/validation/validation-problem';
import { environment, testApp } from '../support/test-app';
import { typedDefinition, untypedDefinition } from './support/definition-arbitraries';

/**
 * Property-based proof of issue 10 item 5: random definitions (typed mutations of the example and JSON-shaped junk)
 * go through validation and plan resolution within a time bound. Valid ones resolve; invalid ones raise one
 * PipelineValidationError listing paths; nothing else is ever thrown, and nothing hangs. Accepted ones synthesize.
 */

const RUNS = { typed: 700, untyped: 500 };
/**
 * A fixed seed: every run checks the same inputs, so CI fails when the code changes, not when the dice do.
 * `FUZZ_SEED=<seed>` replays a reported failure; `FUZZ_SEED=random` explores new inputs (the seed is printed).
 */
const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 0x7fffffff) : Number(process.env.FUZZ_SEED ?? 20261206);
const TIME_BOUND_MS = 1500;
const ENVIRONMENTS: PipelineEnvironment[] = ['dev', 'staging', 'prod'].map(environment);
const counts = { typedValid: 0, typedInvalid: 0, untypedValid: 0, untypedInvalid: 0, synthesized: 0, slowestMs: 0 };
const accepted: PipelineDefinition[] = [];

/** Resolves one input; returns whether it was valid, and fails on anything but a definition error or on slowness. */
function resolveBounded(input: unknown, env: PipelineEnvironment): boolean {
  const started = performance.now();
  let valid = true;
  try {
    const plan = resolvePlan(input as PipelineDefinition, env);
    // The flavors' own plan rules run at synth: they too may only report definition problems.
    const flavorProblems = [...validateManagedPlan(plan), ...validateSelfHostedPlan(plan)];
    if (flavorProblems.length > 0) throw new PipelineValidationError('flavor rules', flavorProblems);
    // Every signal of an accepted plan has a finite threshold (or none, shown only), and every paging one has one.
    for (const signal of pipelineSignals(plan)) {
      if (signal.threshold !== undefined) expect(Number.isFinite(signal.threshold)).toBe(true);
      if (signal.alarm) expect(signal.threshold).toBeDefined();
    }
  } catch (error) {
    if (!(error instanceof PipelineValidationError)) throw error;
    expect(error.problems.length).toBeGreaterThan(0);
    for (const problem of error.problems) {
      expect(typeof problem.path).toBe('string');
      expect(problem.path.length).toBeGreaterThan(0);
      expect(problem.fix.length).toBeGreaterThan(0);
    }
    valid = false;
  }
  const took = performance.now() - started;
  counts.slowestMs = Math.max(counts.slowestMs, took);
  if (took > TIME_BOUND_MS) throw new Error(`resolution took ${Math.round(took)} ms (bound ${TIME_BOUND_MS} ms)`);
  return valid;
}

/**
 * The definition as pipeline `fuzz-<i>` on topics of its own (topics belong to one pipeline per platform): topic names
 * get the suffix `_p<i>` in the topics, the jobs' sources and the transforms' FROM/JOIN clauses.
 */
function onItsOwnTopics(d: PipelineDefinition, i: number): PipelineDefinition {
  const renamed = (name: string) => `${name}_p${i}`;
  const topics = new Set(d.topics.map((t) => t.name));
  const rewrite = (sql: string) => sql.replace(/\b(from|join)(\s+)(`?)([\w.-]+)\3/gi, (all, kw, ws, q, name) => (topics.has(name) ? `${kw}${ws}${q}${renamed(name)}${q}` : all));
  return {
    ...d,
    name: `fuzz-${i}`,
    database: undefined,
    topics: d.topics.map((t) => ({ ...t, name: renamed(t.name) })),
    jobs: d.jobs.map((j) => ({
      ...j,
      sources: j.sources.map((s) => (topics.has(s) ? renamed(s) : s)),
      consumerGroupId: undefined,
      ...(j.transforms === undefined ? {} : { transforms: Object.fromEntries(Object.entries(j.transforms).map(([k, v]) => [k, rewrite(v)])) }),
    })),
  };
}

describe('fuzzed definitions: resolve, or fail with a definition error listing paths', () => {
  afterAll(() => {
    // The issue asks for the case counts in every run.
    // eslint-disable-next-line no-console
    console.log(`fuzz (seed ${SEED}): ${RUNS.typed} typed (${counts.typedValid} valid, ${counts.typedInvalid} invalid), ${RUNS.untyped} JSON-shaped (${counts.untypedValid} valid, ${counts.untypedInvalid} invalid), ${counts.synthesized} accepted synthesized on both flavors, slowest resolution ${Math.round(counts.slowestMs)} ms`);
  });

  test(`${RUNS.typed} typed mutations`, () => {
    fc.assert(fc.property(typedDefinition, fc.constantFrom(...ENVIRONMENTS), (definition, env) => {
      const valid = resolveBounded(definition, env);
      if (valid) {
        counts.typedValid++;
        accepted.push(definition);
      } else {
        counts.typedInvalid++;
      }
    }), { numRuns: RUNS.typed, seed: SEED });
    expect(counts.typedValid).toBeGreaterThanOrEqual(20);
    expect(counts.typedInvalid).toBeGreaterThanOrEqual(RUNS.typed / 4);
  });

  test(`${RUNS.untyped} JSON-shaped inputs`, () => {
    fc.assert(fc.property(untypedDefinition, fc.constantFrom(...ENVIRONMENTS), (input, env) => {
      if (resolveBounded(input, env)) counts.untypedValid++;
      else counts.untypedInvalid++;
    }), { numRuns: RUNS.untyped, seed: SEED });
    expect(counts.untypedInvalid).toBeGreaterThanOrEqual(RUNS.untyped / 2);
  });

  test('20 accepted definitions synthesize on both flavors', () => {
    const staging = environment('staging');
    // Avro needs a schema registry, which the test environments do not name (synth reports that as a definition error).
    const withoutRegistry = accepted.filter((d) => d.topics.every((t) => t.valueFormat?.flinkFormat !== 'avro-confluent' && t.keyFormat?.id !== 'avro-confluent'));
    const definitions = withoutRegistry.map((d, i) => onItsOwnTopics(d, i)).filter((d) => resolveBounded(d, staging)).slice(0, 20);
    expect(definitions).toHaveLength(20);
    const app = testApp({ env: 'staging', flavor: 'both' });
    const stacks = addPipelineStacks(app, definitions);
    const assembly = app.synth();
    expect(stacks.pipelineStacks).toHaveLength(40);
    for (const stack of stacks.pipelineStacks) expect(Object.keys(Template.fromStack(stack).toJSON().Resources ?? {}).length).toBeGreaterThan(0);
    expect(assembly.stacks.length).toBeGreaterThanOrEqual(42);
    counts.synthesized = definitions.length;
  });
});
