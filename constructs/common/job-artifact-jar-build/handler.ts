/**
 * Lambda handler of the SQL runner jar build (custom resource `Custom::SqlRunnerJarBuild`, provider framework with
 * onEvent + isComplete). Compiled to `runtime/index.js` by `constructs/managed/private/compile-handlers.ts`; keep it
 * dependency-free apart from the AWS SDK v3 clients the Lambda Node.js runtime ships.
 *
 * Create / Update: the jar's key is `sql-runner/<content hash of the build context>.jar`, and the build writes it only
 * after Maven and the build-time check passed. So when the bucket already holds that key, the jar for exactly these
 * inputs exists and nothing is built: an Update rollback (CloudFormation sends the previous properties, whose jar the
 * previous deployment built) or a redeploy of unchanged inputs reuses it. Otherwise onEvent starts the CodeBuild
 * build and isComplete waits for it, failing with the build's log link.
 * Delete: nothing to do (the jars live as long as the bucket).
 */
import { BatchGetBuildsCommand, CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** The custom resource's properties, as CloudFormation passes them (strings). */
export interface JarBuildProperties {
  readonly ProjectName: string;
  /** Bucket the build writes the jar to. */
  readonly BucketName: string;
  /** `sql-runner/<source hash>.jar`. */
  readonly ObjectKey: string;
  readonly SourceHash?: string;
}

/** What onEvent answered (the provider framework passes it on to isComplete). */
export interface JarBuildData {
  readonly ObjectKey: string;
  /** The build started, absent when the jar was there already. */
  readonly BuildId?: string;
  /** `'true'` when the jar of these inputs existed and nothing was built. */
  readonly Reused?: string;
}

/** The subset of the CloudFormation custom resource event the handler reads. */
export interface JarBuildEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: JarBuildProperties;
  readonly Data?: Partial<JarBuildData>;
}

/** The SDK client surfaces the handler uses (lets tests inject mocks). */
export interface JarBuildClients {
  readonly codeBuild: Pick<CodeBuildClient, 'send'>;
  readonly s3: Pick<S3Client, 'send'>;
}

let defaultClients: JarBuildClients | undefined;
function clients(): JarBuildClients {
  defaultClients ??= { codeBuild: new CodeBuildClient({}), s3: new S3Client({}) };
  return defaultClients;
}

/**
 * Whether the bucket holds the key. Not found (404) is false; so is access denied (403), logged: at worst the jar is
 * built again, never a failed deployment or rollback for want of a look.
 */
export async function jarExists(s3: JarBuildClients['s3'], bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    const status = e.$metadata?.httpStatusCode;
    if (e.name === 'NotFound' || e.name === 'NoSuchKey' || status === 404) return false;
    if (status === 403) {
      console.log(JSON.stringify({ bucket, key, lookup: 'access denied: building the jar' }));
      return false;
    }
    throw error;
  }
}

/** Starts the build unless the jar of these inputs exists (Create/Update); nothing on Delete. */
export async function handleEvent(c: JarBuildClients, event: JarBuildEvent): Promise<{ PhysicalResourceId: string; Data?: JarBuildData }> {
  const p = event.ResourceProperties;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? p.ObjectKey };
  if (await jarExists(c.s3, p.BucketName, p.ObjectKey)) {
    console.log(JSON.stringify({ objectKey: p.ObjectKey, action: 'reused: the jar of these build inputs exists, nothing built' }));
    return { PhysicalResourceId: p.ObjectKey, Data: { ObjectKey: p.ObjectKey, Reused: 'true' } };
  }
  const out = await c.codeBuild.send(new StartBuildCommand({ projectName: p.ProjectName }));
  const id = out.build?.id;
  if (id === undefined) throw new Error(`CodeBuild started no build of ${p.ProjectName}`);
  return { PhysicalResourceId: p.ObjectKey, Data: { ObjectKey: p.ObjectKey, BuildId: id } };
}

/** Whether the build (if one was started) succeeded; a failed build fails the deployment with its log link. */
export async function checkComplete(c: JarBuildClients, event: JarBuildEvent): Promise<{ IsComplete: boolean; Data?: { ObjectKey: string } }> {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const objectKey = event.Data?.ObjectKey ?? event.ResourceProperties.ObjectKey;
  const id = event.Data?.BuildId;
  if (id === undefined) return { IsComplete: true, Data: { ObjectKey: objectKey } };
  const { builds } = await c.codeBuild.send(new BatchGetBuildsCommand({ ids: [id] }));
  const build = builds?.[0];
  if (build === undefined) throw new Error(`SQL runner build ${id} not found`);
  if (build.buildStatus === 'IN_PROGRESS') return { IsComplete: false };
  if (build.buildStatus === 'SUCCEEDED') return { IsComplete: true, Data: { ObjectKey: objectKey } };
  throw new Error(`SQL runner build ${id} ended ${build.buildStatus ?? 'unknown'}: ${build.logs?.deepLink ?? 'see CodeBuild'}`);
}

/** Provider framework entry point: onEvent. */
export async function onEvent(event: JarBuildEvent): Promise<{ PhysicalResourceId: string; Data?: JarBuildData }> {
  return handleEvent(clients(), event);
}

/** Provider framework entry point: isComplete. */
export async function isComplete(event: JarBuildEvent): Promise<{ IsComplete: boolean; Data?: { ObjectKey: string } }> {
  return checkComplete(clients(), event);
}
