import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import * as YAML from 'yaml';
import { RUN_TEMPLATE_FILE } from '../../../charts/flink/batch-run-schedule';
import { readableIntrinsics } from '../../../constructs/self-hosted/manifests/readable-intrinsics';
import { KubernetesObject } from '../../charts/support/crd-schema-validator';
import { appliedObjects } from './template-objects';

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

/** The object a scheduled batch job submits at each run (its `<job>-run` ConfigMap), parsed. */
export function runTemplateOf(template: Template, jobName: string, namespace: string): K8sObject {
  const text = objectIn(template, 'ConfigMap', `${jobName}-run`, namespace).data?.[RUN_TEMPLATE_FILE];
  if (text === undefined) throw new Error(`ConfigMap ${jobName}-run has no ${RUN_TEMPLATE_FILE}`);
  return YAML.parse(text) as K8sObject;
}
