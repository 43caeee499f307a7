import { Template } from 'aws-cdk-lib/assertions';
import { readableIntrinsics } from '../../../constructs/self-hosted/manifests/readable-intrinsics';
import { KubernetesObject } from '../../charts/support/crd-schema-validator';

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string[];
}

/** A JSON-string property of a resource, parsed, with intrinsics rendered as `${LogicalId…}` placeholders. */
function parseJsonProperty(value: unknown): unknown {
  const text = readableIntrinsics(value);
  if (typeof text !== 'string') throw new Error(`expected a JSON string property, got ${JSON.stringify(value)}`);
  return JSON.parse(text);
}

function resourcesOfType(template: Template, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.toJSON().Resources as Record<string, CfnResource>).filter(([, r]) => r.Type === type);
}

/** A Kubernetes manifest resource of the template: its logical id, objects and dependencies. */
export interface AppliedManifest {
  readonly logicalId: string;
  readonly objects: KubernetesObject[];
  readonly dependsOn: string[];
  /** Bytes of the manifest as the kubectl handler receives it (placeholders instead of deploy-time values). */
  readonly bytes: number;
}

/** Every `Custom::AWSCDK-EKS-KubernetesResource` of the template with its objects as applied. */
export function appliedManifests(template: Template): AppliedManifest[] {
  return resourcesOfType(template, 'Custom::AWSCDK-EKS-KubernetesResource').map(([logicalId, r]) => {
    const text = readableIntrinsics(r.Properties?.Manifest);
    return {
      logicalId,
      objects: parseJsonProperty(r.Properties?.Manifest) as KubernetesObject[],
      dependsOn: r.DependsOn ?? [],
      bytes: Buffer.byteLength(String(text)),
    };
  });
}

/** Every applied Kubernetes object of the template. */
export function appliedObjects(template: Template): KubernetesObject[] {
  return appliedManifests(template).flatMap((m) => m.objects);
}

/** The applied manifest holding an object of the given kind and name. */
export function manifestOf(template: Template, kind: string, name: string): AppliedManifest {
  const found = appliedManifests(template).find((m) => m.objects.some((o) => o.kind === kind && o.metadata?.name === name));
  if (!found) throw new Error(`no applied ${kind} "${name}"`);
  return found;
}

/** The applied object of the given kind and name. */
export function objectOf(template: Template, kind: string, name: string): KubernetesObject {
  const found = appliedObjects(template).find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no applied ${kind} "${name}"; applied: ${appliedObjects(template).map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** A Helm release of the template. */
export interface HelmRelease {
  readonly logicalId: string;
  readonly release: string;
  readonly chart: string;
  readonly version: string;
  readonly repository: string;
  readonly namespace: string;
  readonly wait: boolean;
  readonly values: Record<string, unknown>;
  readonly dependsOn: string[];
}

/** Every `Custom::AWSCDK-EKS-HelmChart` of the template. */
export function helmReleases(template: Template): HelmRelease[] {
  return resourcesOfType(template, 'Custom::AWSCDK-EKS-HelmChart').map(([logicalId, r]) => {
    const p = r.Properties ?? {};
    return {
      logicalId,
      release: String(p.Release),
      chart: String(p.Chart),
      version: String(p.Version),
      repository: String(p.Repository),
      namespace: String(p.Namespace),
      wait: p.Wait === true,
      values: parseJsonProperty(p.Values) as Record<string, unknown>,
      dependsOn: r.DependsOn ?? [],
    };
  });
}

/** The Helm release with the given release name. */
export function helmRelease(template: Template, release: string): HelmRelease {
  const found = helmReleases(template).find((h) => h.release === release);
  if (!found) throw new Error(`no Helm release "${release}"; releases: ${helmReleases(template).map((h) => h.release).join(', ')}`);
  return found;
}

/** Logical ids of the template's resources of a type. */
export function logicalIdsOf(template: Template, type: string): string[] {
  return resourcesOfType(template, type).map(([id]) => id);
}
