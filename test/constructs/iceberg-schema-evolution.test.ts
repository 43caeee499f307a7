import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ColumnType } from '../../lib/definition/column-type';
import { StateMigration } from '../../lib/definition/job-options';
import { readStateLock } from '../../lib/plan/state-lock';
import { PipelineStack } from '../../lib/stacks/pipeline-stack';
import { manifestIn } from '../self-hosted/support/stack-values';
import { checkedApp, findingsAt } from '../policy/support/aws-solutions-report';
import { functionLogKeys } from '../support/function-log-keys';
import { exampleWith, testApp } from '../support/test-app';

/** The example with a new optional `channel` column on the orders topic and table, written by the streaming job. */
const WITH_CHANNEL = exampleWith((d) => {
  d.topics[0].columns.push({ name: 'channel', type: ColumnType.STRING });
  d.tables[0].columns.push({ name: 'channel', type: ColumnType.STRING });
  d.jobs[0].transforms = { orders: 'SELECT order_id, customer_id, UPPER(status) AS status, amount, UPPER(currency) AS currency, order_ts, channel FROM orders WHERE amount >= 0' };
  d.jobs[0].stateMigration = StateMigration.freshStart('the sink gains a column; offsets suffice');
});

const LOCKED = readStateLock('prod').content?.pipelines.orders.tables?.['orders.orders'];

/** The stack (or nested stack) holding a resource of a type. */
function templateWith(stack: PipelineStack, type: string): Template {
  const stacks: Stack[] = [stack, ...stack.node.findAll().filter((c): c is Stack => Stack.isStack(c) && c !== stack)];
  for (const s of stacks) {
    const t = Template.fromStack(s);
    if (Object.keys(t.findResources(type)).length > 0) return t;
  }
  throw new Error(`no ${type} in ${stack.stackName}`);
}

describe('item 2: a column added to a recorded table reaches Iceberg (prod, both flavors)', () => {
  const { pipelineStacks } = addPipelineStacks(testApp({ env: 'prod', flavor: 'both' }), WITH_CHANNEL);

  test.each(pipelineStacks.map((s) => [s.stackName, s] as const))('%s: the Glue table keeps the input it was created with (no CloudFormation update of the Iceberg table)', (_, stack) => {
    const template = templateWith(stack, 'AWS::Glue::Table');
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({ Name: 'orders' }),
      OpenTableFormatInput: { IcebergInput: Match.objectLike({ MetadataOperation: 'CREATE', IcebergTableInput: Match.objectLike({
        Schema: Match.objectLike({ Fields: (LOCKED?.created?.schema.fields ?? []).map((f) => ({ Id: f.id, Name: f.name, Type: f.type, Required: f.required })) }),
      }) }) },
    });
  });

  test.each(pipelineStacks.map((s) => [s.stackName, s] as const))('%s: the evolution handler and its provider framework log on the platform key', (_, stack) => {
    const keys = functionLogKeys(templateWith(stack, 'Custom::IcebergSchemaEvolution'), (id) => id.startsWith('IcebergSchemaEvolutionProvider'));
    expect(Object.keys(keys)).toEqual([expect.stringMatching(/^IcebergSchemaEvolutionProviderOnEvent/), expect.stringMatching(/^IcebergSchemaEvolutionProviderframeworkonEvent/)]);
    // The platform key's ARN, read from the platform's SSM parameter (passed on as a parameter in a nested layout).
    expect(Object.values(keys)).toEqual([{ Ref: expect.stringMatching(/lakehousekeyarn/) }, { Ref: expect.stringMatching(/lakehousekeyarn/) }]);
  });

  test.each(pipelineStacks.map((s) => [s.stackName, s] as const))('%s: a schema evolution sets the new schema, field ids kept, the new column numbered after the last id', (_, stack) => {
    const template = templateWith(stack, 'Custom::IcebergSchemaEvolution');
    const evolutions = Object.values(template.findResources('Custom::IcebergSchemaEvolution'));
    expect(evolutions).toHaveLength(1);
    const props = evolutions[0].Properties as { TableName: string; Schema: string; PartitionSpec: string };
    expect(props.TableName).toBe('orders');
    expect(JSON.parse(props.Schema)).toEqual({
      Type: 'struct',
      Fields: [
        { Id: 1, Name: 'order_id', Type: 'string', Required: true },
        { Id: 2, Name: 'customer_id', Type: 'string', Required: false },
        { Id: 3, Name: 'status', Type: 'string', Required: false },
        { Id: 4, Name: 'amount', Type: 'decimal(12,2)', Required: false },
        { Id: 5, Name: 'currency', Type: 'string', Required: false },
        { Id: 6, Name: 'order_ts', Type: 'timestamptz', Required: true },
        { Id: 7, Name: 'channel', Type: 'string', Required: false },
      ],
      IdentifierFieldIds: [1, 6],
    });
    expect(JSON.parse(props.PartitionSpec)).toEqual({ SpecId: 0, Fields: [{ FieldId: 1000, SourceId: 6, Name: 'order_ts_day', Transform: 'day' }] });
    // The lock's last column id with the new column: what tells the handler an update rollback (a lower one) apart.
    expect((props as { LastColumnId?: string }).LastColumnId).toBe('7');
    // Its handler may update that table's Glue entry.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:UpdateTable'] })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('IcebergSchemaEvolutionProviderOnEventRole') }],
    });
  });

  test('managed: the application (whose update restarts the job) and its starter wait for the evolution', () => {
    const template = templateWith(pipelineStacks[1], 'Custom::IcebergSchemaEvolution');
    const [evolutionId] = Object.keys(template.findResources('Custom::IcebergSchemaEvolution'));
    const apps = template.findResources('AWS::KinesisAnalyticsV2::Application', { Properties: { ApplicationName: 'orders-prod-orders-to-lake' } });
    expect(Object.values(apps)[0].DependsOn).toEqual(expect.arrayContaining([evolutionId]));
    const starters = Object.values(template.findResources('Custom::MsfApplicationStarter')).filter((r) => JSON.stringify(r.Properties).includes('orders-prod-orders-to-lake'));
    expect(starters[0].DependsOn).toEqual(expect.arrayContaining([evolutionId]));
  });

  test('self-hosted: the FlinkDeployment is applied after the evolution', () => {
    const template = templateWith(pipelineStacks[0], 'Custom::IcebergSchemaEvolution');
    const [evolutionId] = Object.keys(template.findResources('Custom::IcebergSchemaEvolution'));
    expect(manifestIn(template, 'FlinkDeployment', 'orders-to-lake', 'orders').dependsOn).toEqual(expect.arrayContaining([evolutionId]));
  });
});

describe('item 2: an unchanged definition evolves nothing', () => {
  test('no schema evolution resource on either flavor', () => {
    const { pipelineStacks } = addPipelineStacks(testApp({ env: 'prod', flavor: 'both' }), exampleWith(() => undefined));
    for (const stack of pipelineStacks) {
      for (const s of [stack, ...stack.node.findAll().filter((c): c is Stack => Stack.isStack(c) && c !== stack)]) {
        expect(Object.keys(Template.fromStack(s).findResources('Custom::IcebergSchemaEvolution'))).toEqual([]);
      }
    }
  });
});

describe('item 2: the evolution passes the AwsSolutions checks', () => {
  test('no unacknowledged error on either flavor', () => {
    const checked = checkedApp('prod', undefined, WITH_CHANNEL);
    expect(checked.synthError?.message).toBeUndefined();
    expect(findingsAt(checked.violations)).toEqual([]);
    expect(checked.stacks.some((s) => s.node.findAll().some((c) => c.node.id.startsWith('SchemaEvolution-')))).toBe(true);
  });
});
