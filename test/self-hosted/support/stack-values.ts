import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as glue from 'aws-cdk-lib/aws-glue';
import { IConstruct } from 'constructs';
import { readableIntrinsics } from '../../../constructs/self-hosted/manifests/readable-intrinsics';
import { ServiceAccountRole } from '../../../constructs/self-hosted/platform/service-account-role';
import { PipelineStack } from '../../../lib/stacks/pipeline-stack';
import { KubernetesObject } from '../../charts/support/crd-schema-validator';
import { AppliedManifest, appliedManifests, appliedObjects } from './template-objects';

/** A Kubernetes object with the fields the tests read. */
export type K8sObject = KubernetesObject & { readonly spec: Record<string, unknown>; readonly data?: Record<string, string> };

/** A value of the stack (tokens included) as its template's manifests show it: intrinsics as `${…}` placeholders. */
export function asDeployed(stack: Stack, value: unknown): unknown {
  return readableIntrinsics(stack.resolve(value));
}

/** The logical id of a construct's CloudFormation resource (its default child, e.g. the CfnRole of a Role). */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}

/** The applied objects of a kind, optionally in one namespace. */
export function objectsOfKind(template: Template, kind: string, namespace?: string): K8sObject[] {
  return appliedObjects(template).filter((o) => o.kind === kind && (namespace === undefined || o.metadata?.namespace === namespace)) as K8sObject[];
}

/** The applied object of a kind and name in a namespace. */
export function objectIn(template: Template, kind: string, name: string, namespace: string): K8sObject {
  const found = objectsOfKind(template, kind, namespace).find((o) => o.metadata?.name === name);
  if (!found) throw new Error(`no applied ${kind} "${name}" in namespace "${namespace}"`);
  return found;
}

/** Where a table of the stack's lakehouse lives, as its Glue table says: `s3://${Warehouse}/…/<table>`. */
export function tableLocationOf(stack: PipelineStack, table: string): string {
  const format = stack.lakehouse.glueTable(table).openTableFormatInput as glue.CfnTable.OpenTableFormatInputProperty;
  const iceberg = format.icebergInput as glue.CfnTable.IcebergInputProperty;
  return String(asDeployed(stack, (iceberg.icebergTableInput as glue.CfnTable.IcebergTableInputProperty).location));
}

/** The applied manifest holding an object of a kind and name in a namespace. */
export function manifestIn(template: Template, kind: string, name: string, namespace: string): AppliedManifest {
  const found = appliedManifests(template).find((m) => m.objects.some((o) => o.kind === kind && o.metadata?.name === name && o.metadata?.namespace === namespace));
  if (!found) throw new Error(`no applied ${kind} "${name}" in namespace "${namespace}"`);
  return found;
}

/** The service account role of a stack for a Kubernetes service account. */
export function serviceAccountRoleOf(stack: Stack, namespace: string, serviceAccountName: string): ServiceAccountRole {
  const found = stack.node.findAll().find((c): c is ServiceAccountRole => c instanceof ServiceAccountRole && c.namespace === namespace && c.serviceAccountName === serviceAccountName);
  if (!found) throw new Error(`no role of service account ${namespace}/${serviceAccountName}`);
  return found;
}

/** `s3://<checkpoint bucket>/<pipeline>` as the stack's manifests show it (the bucket is the platform's, read from SSM). */
export function checkpointsUriOf(stack: PipelineStack): string {
  return `s3://${String(asDeployed(stack, stack.lakehouse.checkpointBucket.bucketName))}/${stack.plan.pipelineName}`;
}

/** The logical id a token refers to (`{ Ref: id }`): a resource's, or a parameter's for values read from SSM. */
export function refIdOf(stack: Stack, token: string): string {
  const resolved = stack.resolve(token) as { Ref?: string };
  if (resolved.Ref === undefined) throw new Error(`${token} is not a Ref`);
  return resolved.Ref;
}
