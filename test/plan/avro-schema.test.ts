import { ColumnType } from '../../lib/definition/column-type';
import { AvroRecordSchema, AvroType, avroTypeOf, avroValueSchema } from '../../lib/plan/avro-schema';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { typeChange } from '../../lib/plan/schema-compatibility';
import { AVRO_GLUE_PIPELINE } from '../fixtures/avro-glue-pipeline';
import { RecordFormat } from '../../lib/definition/kafka-options';
import { findDefinitionProblems } from '../../lib/validation/validate-definition';
import { formatProblem } from '../../lib/validation/validation-problem';
import { examplePlan, exampleWith } from '../support/test-app';

const plan = examplePlan('dev', undefined, AVRO_GLUE_PIPELINE);
const orders = plan.topics.find((t) => t.name === 'orders') as TopicPlan;

describe('Avro schema of a topic', () => {
  test.each([
    [ColumnType.STRING, 'string'],
    [ColumnType.BOOLEAN, 'boolean'],
    [ColumnType.INT, 'int'],
    [ColumnType.BIGINT, 'long'],
    [ColumnType.FLOAT, 'float'],
    [ColumnType.DOUBLE, 'double'],
    [ColumnType.DATE, { type: 'int', logicalType: 'date' }],
    [ColumnType.TIMESTAMP_LTZ, { type: 'long', logicalType: 'timestamp-millis' }],
    [ColumnType.TIMESTAMP, { type: 'long', logicalType: 'local-timestamp-millis' }],
    [ColumnType.decimal(12, 2), { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }],
  ])('%s maps to %j', (type, avro) => {
    expect(avroTypeOf(type)).toEqual(avro);
  });

  test('the orders topic: a record per physical column (not the computed order_ts), nullable ones as a union with null and default null', () => {
    expect(avroValueSchema(plan.pipelineName, orders)).toEqual({
      type: 'record',
      name: 'orders',
      namespace: 'pipelines.orders',
      fields: [
        { name: 'order_id', type: 'string' },
        { name: 'customer_id', type: ['null', 'string'], default: null },
        { name: 'status', type: ['null', 'string'], default: null },
        { name: 'amount', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }], default: null },
        { name: 'currency', type: ['null', 'string'], default: null },
        { name: 'order_ms', type: 'long' },
      ],
    });
  });

  test('names that are not Avro names are made valid', () => {
    const topic = { ...orders, name: 'web.click-events' };
    expect(avroValueSchema('9lives', topic)).toMatchObject({ name: 'web_click_events', namespace: 'pipelines._9lives' });
  });
});

// Avro schema resolution (specification, "Schema Resolution"), reduced to what the generated schemas use: can a
// reader with `reader` read data written with `writer`? Logical types resolve as their underlying type, as Avro's Java
// SchemaCompatibility (and so a BACKWARD registry check) does.
const PROMOTIONS: Readonly<Record<string, readonly string[]>> = { int: ['long', 'float', 'double'], long: ['float', 'double'], float: ['double'], string: ['bytes'], bytes: ['string'] };
function base(t: AvroType): string | readonly AvroType[] {
  if (typeof t === 'string') return t;
  return Array.isArray(t) ? t : (t as { type: string }).type;
}
function resolves(reader: AvroType, writer: AvroType): boolean {
  const [r, w] = [base(reader), base(writer)];
  if (Array.isArray(w)) return w.every((branch) => resolves(reader, branch));
  if (Array.isArray(r)) return r.some((branch) => resolves(branch, writer));
  return r === w || (PROMOTIONS[w as string] ?? []).includes(r as string);
}
function backwardCompatible(reader: AvroRecordSchema, writer: AvroRecordSchema): boolean {
  return reader.fields.every((f) => {
    const written = writer.fields.find((w) => w.name === f.name);
    return written === undefined ? 'default' in f : resolves(f.type, written.type);
  });
}

describe('the lock\'s compatible changes are BACKWARD compatible for the generated schema (the registry mode)', () => {
  const before = avroValueSchema(plan.pipelineName, orders);
  const withColumns = (change: (c: TopicPlan['columns']) => TopicPlan['columns']) => avroValueSchema(plan.pipelineName, { ...orders, columns: change(orders.columns) });

  test('adding an optional column', () => {
    const after = withColumns((c) => [...c, { name: 'channel', type: ColumnType.STRING, nullable: true }]);
    expect(backwardCompatible(after, before)).toBe(true);
  });

  test.each([['INT', ColumnType.INT, ColumnType.BIGINT], ['FLOAT', ColumnType.FLOAT, ColumnType.DOUBLE]])('widening %s as the lock allows', (_, from, to) => {
    expect(typeChange(from.sqlType, to.sqlType)).toBe('widen');
    const old = withColumns((c) => [...c, { name: 'n', type: from, nullable: true }]);
    const now = withColumns((c) => [...c, { name: 'n', type: to, nullable: true }]);
    expect(backwardCompatible(now, old)).toBe(true);
    expect(backwardCompatible(old, now)).toBe(false); // narrowing: refused by both
  });

  test('making a column required and adding a required column are refused, as by the lock', () => {
    const required = withColumns((c) => c.map((x) => (x.name === 'status' ? { ...x, nullable: false } : x)));
    expect(backwardCompatible(required, before)).toBe(false);
    const added = withColumns((c) => [...c, { name: 'channel', type: ColumnType.STRING, nullable: false }]);
    expect(backwardCompatible(added, before)).toBe(false);
  });
});

describe('avro-glue topics carry instants as epoch milliseconds', () => {
  test('the fixture (order_ms BIGINT + computed order_ts) passes', () => {
    expect(findDefinitionProblems(AVRO_GLUE_PIPELINE)).toEqual([]);
  });

  test('fails if an avro-glue topic has a physical TIMESTAMP_LTZ column', () => {
    const broken = exampleWith((d) => { d.topics[0].valueFormat = RecordFormat.AVRO_GLUE; });
    expect(findDefinitionProblems(broken).map(formatProblem)).toEqual([
      'topics[0] ("orders").columns[5] ("order_ts").type: is TIMESTAMP_LTZ(3) in an avro-glue topic, but the avro-glue format decodes with Flink\'s legacy Avro timestamp mapping, which has no TIMESTAMP_LTZ (the job would fail to start)'
      + ' — send epoch milliseconds in a ColumnType.BIGINT column and declare "order_ts" as { type: ColumnType.TIMESTAMP_LTZ, computed: ComputedColumn.epochMillis(\'<that column>\') }',
    ]);
  });
});
