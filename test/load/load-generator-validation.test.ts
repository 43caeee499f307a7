import { Flavor } from '../../lib/flavor';
import { findDefinitionProblems } from '../../lib/validation/validate-definition';
import { formatProblem } from '../../lib/validation/validation-problem';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { Mutable, examplePlan, exampleWith } from '../support/test-app';

type Change = (d: Mutable<PipelineDefinition>) => void;

/** Each bad loadGenerator: the change to the orders example and the one problem line (path, value, fix), exactly. */
const CASES: Array<[string, Change, string]> = [
  ['rate 0', (d) => { d.loadGenerator = { mbPerSecond: 0 }; }, 'loadGenerator.mbPerSecond: must be > 0 and ≤ 1000 MB/s, got 0 — give the total rate in MB/s (e.g. the topics\' planned peak), or remove it to use that peak'],
  ['rate negative', (d) => { d.loadGenerator = { mbPerSecond: -3 }; }, 'loadGenerator.mbPerSecond: must be > 0 and ≤ 1000 MB/s, got -3 — give the total rate in MB/s (e.g. the topics\' planned peak), or remove it to use that peak'],
  ['rate above the cap', (d) => { d.loadGenerator = { mbPerSecond: 5000 }; }, 'loadGenerator.mbPerSecond: must be > 0 and ≤ 1000 MB/s, got 5000 — give the total rate in MB/s (e.g. the topics\' planned peak), or remove it to use that peak'],
  ['empty topics', (d) => { d.loadGenerator = { topics: [] }; }, 'loadGenerator.topics: is empty — name the topics it writes (orders, customers), or remove topics for all of them'],
  ['unknown topic', (d) => { d.loadGenerator = { topics: ['payments'] }; }, 'loadGenerator.topics[0]: unknown topic "payments" — name a source topic this pipeline owns: orders, customers'],
  ['topic twice', (d) => { d.loadGenerator = { topics: ['orders', 'orders'] }; }, 'loadGenerator.topics[1]: names "orders" twice — name each topic once'],
  ['shared input', (d) => { d.topics[1].sharedFrom = 'crm'; d.loadGenerator = { topics: ['customers'] }; },
    'loadGenerator.topics[0]: "customers" is pipeline "crm"\'s topic (a shared input): only its owner may write it — name a source topic this pipeline owns: orders'],
  ['no rate and no workload', (d) => { d.topics[1].workload = undefined; d.topics[1].partitions = 3; d.loadGenerator = {}; },
    'loadGenerator.mbPerSecond: is not set, and topics customers have no workload to take a peak rate from — set loadGenerator.mbPerSecond, or give those topics a workload'],
  ['job of the generator\'s name', (d) => { d.jobs[1].name = 'load-generator'; d.loadGenerator = {}; },
    'jobs[1] ("load-generator").name: is the name of the load generator\'s job (load-generator) — rename the job, or remove loadGenerator'],
];

describe('loadGenerator validation', () => {
  test.each(CASES)('%s', (_name, change, expected) => {
    expect(findDefinitionProblems(exampleWith(change)).map(formatProblem)).toEqual([expected]);
  });

  test('a topic no job reads is refused (load on it would measure nothing)', () => {
    const problems = findDefinitionProblems(exampleWith((d) => {
      d.topics.push({ ...d.topics[1], name: 'unread' });
      d.loadGenerator = { topics: ['unread'] };
    })).map(formatProblem);
    expect(problems).toEqual(['loadGenerator.topics[0]: no job reads topic "unread": load on it would measure nothing — name a source topic this pipeline owns: orders, customers']);
  });

  test('a field that is not a load generator field, and a rate that is not a number, are shape problems with path and fix', () => {
    const raw = { ...exampleWith(() => undefined), loadGenerator: { mbPerSecond: '10', rate: 3 } } as unknown;
    expect(findDefinitionProblems(raw).map(formatProblem)).toEqual([
      'loadGenerator.rate: is not a field of a load generator — remove it; the fields are mbPerSecond, topics',
      'loadGenerator.mbPerSecond: must be a number, got the string "10" — give the rate in MB/s, or remove it for the topics\' planned peak',
    ]);
  });

  test('a valid load generator passes and is planned (both flavors)', () => {
    const definition = exampleWith((d) => { d.loadGenerator = { mbPerSecond: 3, topics: ['orders'] }; });
    expect(findDefinitionProblems(definition)).toEqual([]);
    expect(examplePlan('dev', Flavor.ALL, definition).loadGenerator?.topics.map((t) => t.topic)).toEqual(['orders']);
  });
});
