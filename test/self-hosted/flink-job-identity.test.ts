import { synthSelfHosted } from './support/self-hosted-stacks';
import { ReadableStatement, objectArnPrefix, objectResourcesOf, outsideOf, policyStatementsOf, trustOf } from './support/iam-statements';
import { asDeployed, logicalIdOf, objectIn, refIdOf, tableLocationOf } from './support/stack-values';

/**
 * What each job's IAM role may do. Asserted as invariants (who may assume it, which ARNs and prefixes its S3, Glue and
 * KMS actions reach), not as exact policy documents, so that tightening the policies keeps these tests meaningful.
 */
const { stack, template } = synthSelfHosted('prod');
// The platform's OIDC provider, buckets and key, as the pipeline stack reads them (SSM parameters).
const oidcProviderId = refIdOf(stack, stack.oidcProvider.oidcProviderArn);
const checkpointBucketArn = String(asDeployed(stack, stack.lakehouse.checkpointBucket.bucketArn));
const warehouseBucketArn = String(asDeployed(stack, stack.lakehouse.warehouseBucket.bucketArn));
const region = 'us-east-1';
const account = '333333333333';
const database = 'orders_self_hosted';

const isS3OrGlue = (action: string) => /^(s3|glue):/.test(action);

/** The warehouse prefix of a table: where its Glue table says it lives, as a `${Bucket.Arn}/…/` object ARN prefix. */
const tableLocation = (table: string) => objectArnPrefix(tableLocationOf(stack, table));

/** Object ARN prefixes a job may reach: its checkpoint, savepoint and HA prefixes, and its sink tables' locations. */
function allowedObjectPrefixes(job: string, sinks: readonly string[]): string[] {
  return [...['checkpoints', 'savepoints', 'ha'].map((kind) => `${checkpointBucketArn}/orders/${kind}/${job}/`), ...sinks.map(tableLocation)];
}

function statementsWith(statements: ReadableStatement[], action: string): ReadableStatement[] {
  return statements.filter((s) => s.actions.includes(action));
}

describe.each(stack.pipeline.jobs.map((d) => [d.job.name, d] as const))('the IAM role of %s', (name, deployed) => {
  const roleId = logicalIdOf(deployed.role.role);
  const statements = policyStatementsOf(template, roleId);
  const objectPrefixes = allowedObjectPrefixes(name, deployed.job.sinks);
  const otherJobs = stack.plan.jobs.filter((j) => j.name !== name);

  test('may be assumed only through the cluster\'s OIDC provider, by system:serviceaccount:orders:flink-<job>, for STS (sub AND aud)', () => {
    const trust = trustOf(template, roleId, oidcProviderId);
    expect(trust.statements).toEqual([{ effect: 'Allow', actions: ['sts:AssumeRoleWithWebIdentity'], principal: { Federated: { Ref: oidcProviderId } }, operators: ['StringEquals'] }]);
    expect(trust.stringEquals).toEqual({ 'OIDC_ISSUER:aud': 'sts.amazonaws.com', 'OIDC_ISSUER:sub': `system:serviceaccount:orders:flink-${name}` });
  });

  test('is the role the job\'s service account names', () => {
    expect(objectIn(template, 'ServiceAccount', `flink-${name}`, 'orders').metadata?.annotations).toEqual({ 'eks.amazonaws.com/role-arn': `\${${roleId}.Arn}` });
  });

  test('allows, and only allows, S3, Glue and KMS actions, none of them on "*" or as a service wildcard', () => {
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.map((s) => s.effect)).toEqual(statements.map(() => 'Allow'));
    const actions = statements.flatMap((s) => s.actions);
    expect(actions.filter((a) => !/^(s3|glue|kms):[A-Za-z]+\*?$/.test(a) || /^(s3|glue):.*\*/.test(a))).toEqual([]);
    for (const statement of statements.filter((s) => s.actions.some(isS3OrGlue))) {
      expect(statement.resources.length).toBeGreaterThan(0);
      expect(statement.resources.filter((r) => r === '*' || r.endsWith(':*'))).toEqual([]);
    }
  });

  test('S3 objects: only its checkpoint, savepoint and HA prefixes and its sink tables\' locations', () => {
    expect(objectResourcesOf(statements).length).toBeGreaterThan(0);
    expect(outsideOf(objectResourcesOf(statements), objectPrefixes)).toEqual([]);
  });

  test('S3 objects: it can write everywhere its deployment puts state (checkpoint, savepoint and HA directories) and its tables', () => {
    const writable = statementsWith(statements, 's3:PutObject').flatMap((s) => s.resources).map((r) => r.replace(/\*$/, ''));
    const config = (objectIn(template, 'FlinkDeployment', name, 'orders').spec as { flinkConfiguration: Record<string, string> }).flinkConfiguration;
    const stateDirectories = ['execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'high-availability.storageDir']
      .map((key) => config[key]).filter((dir): dir is string => dir !== undefined)
      .map(objectArnPrefix);
    expect(stateDirectories.length).toBeGreaterThanOrEqual(2);
    for (const directory of [...stateDirectories, ...deployed.job.sinks.map(tableLocation)]) {
      expect({ directory, writable: writable.some((r) => directory.startsWith(r)) }).toEqual({ directory, writable: true });
    }
  });

  test('S3 listing: only the two dedicated buckets, unconditioned (S3 answers a HEAD of a missing key 404 only to a lister)', () => {
    const listings = statementsWith(statements, 's3:ListBucket');
    expect(listings.length).toBeGreaterThan(0);
    for (const listing of listings) {
      expect(listing.resources.filter((r) => r !== checkpointBucketArn && r !== warehouseBucketArn)).toEqual([]);
      expect(listing.condition).toBeUndefined();
    }
  });

  test('Glue: only the catalog, the pipeline\'s database and its sink tables; it can update them and delete nothing', () => {
    const glueStatements = statements.filter((s) => s.actions.some((a) => a.startsWith('glue:')));
    const resources = [...new Set(glueStatements.flatMap((s) => s.resources))];
    const allowed = [
      `arn:aws:glue:${region}:${account}:catalog`,
      `arn:aws:glue:${region}:${account}:database/${database}`,
      ...deployed.job.sinks.map((t) => `arn:aws:glue:${region}:${account}:table/${database}/${t}`),
    ];
    expect(resources.filter((r) => !allowed.includes(r))).toEqual([]);
    expect(resources).toEqual(expect.arrayContaining(deployed.job.sinks.map((t) => `arn:aws:glue:${region}:${account}:table/${database}/${t}`)));
    const actions = glueStatements.flatMap((s) => s.actions);
    expect(actions).toContain('glue:UpdateTable');
    expect(actions.filter((a) => /^glue:(Delete|Create|BatchDelete)/.test(a))).toEqual([]);
  });

  test('KMS: only the lakehouse key', () => {
    const keyArn = String(asDeployed(stack, stack.lakehouse.key.keyArn));
    const resources = statements.filter((s) => s.actions.some((a) => a.startsWith('kms:'))).flatMap((s) => s.resources);
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.filter((r) => r !== keyArn)).toEqual([]);
  });

  test('reaches nothing of the other jobs: their prefixes and tables appear nowhere in its policies', () => {
    const reached = statements.flatMap((s) => [...s.resources, ...[s.condition?.StringLike?.['s3:prefix'] ?? []].flat()]);
    for (const other of otherJobs) {
      expect(reached.filter((r) => r.includes(`/${other.name}/`))).toEqual([]);
      for (const table of other.sinks.filter((t) => !deployed.job.sinks.includes(t))) {
        expect(reached.filter((r) => r.includes(`.db/${table}/`) || r.endsWith(`:table/${database}/${table}`))).toEqual([]);
      }
    }
  });
});
