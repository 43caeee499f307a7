import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps } from 'aws-cdk-lib';
import * as YAML from 'yaml';
import { addPipelineStacks } from '../app/pipeline-app';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { Flavor } from '../flavor';

/** What one flavor's synthesized stacks (its platform and the pipeline on it) contain. */
export interface StackResources {
  readonly flavor: Flavor;
  /** The stacks counted, `<platform stack> + <pipeline stack>`. */
  readonly stackName: string;
  /** CloudFormation resources by type, nested stacks included. */
  readonly resourceTypes: Readonly<Record<string, number>>;
  /** Total CloudFormation resources, nested stacks included. */
  readonly totalResources: number;
  /** Kubernetes objects by kind (self-hosted: the applied cdk8s charts; empty for managed). */
  readonly kubernetesObjects: Readonly<Record<string, number>>;
  /** Helm releases installed by the stack. */
  readonly helmReleases: string[];
  /** Bytes of the stack's template (nested templates included). */
  readonly templateBytes: number;
  /** Interface VPC endpoints (billed per zone-hour; the cost model prices this count). */
  readonly interfaceEndpoints: number;
}

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }> };

/** The CloudFormation resource type of Helm releases installed by aws-eks / aws-eks-v2 clusters. */
const HELM_CHART_TYPE = 'Custom::AWSCDK-EKS-HelmChart';

function increment(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/**
 * Counts the resources of a template, following nested stacks (`AWS::CloudFormation::Stack` with an
 * `aws:asset:path` metadata entry) through `readNested`.
 */
export function countTemplateResources(template: Template, readNested: (assetPath: string) => Template | undefined = () => undefined): { types: Record<string, number>; helmReleases: string[]; bytes: number; interfaceEndpoints: number } {
  const types: Record<string, number> = {};
  let interfaceEndpoints = 0;
  const helmReleases: string[] = [];
  let bytes = JSON.stringify(template).length;
  const visit = (t: Template) => {
    for (const resource of Object.values(t.Resources ?? {})) {
      increment(types, resource.Type);
      if (resource.Type === 'AWS::EC2::VPCEndpoint' && resource.Properties?.VpcEndpointType === 'Interface') interfaceEndpoints++;
      if (resource.Type === HELM_CHART_TYPE) {
        const props = resource.Properties ?? {};
        helmReleases.push(`${String(props.Release ?? props.Chart ?? '?')} (${String(props.Chart ?? '?')} ${String(props.Version ?? '')})`.trim());
      }
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (resource.Type === 'AWS::CloudFormation::Stack' && typeof assetPath === 'string') {
        const nested = readNested(assetPath);
        if (nested) { bytes += JSON.stringify(nested).length; visit(nested); }
      }
    }
  };
  visit(template);
  return { types, helmReleases: helmReleases.sort(), bytes, interfaceEndpoints };
}

/** Counts Kubernetes objects by kind in YAML documents (`---`-separated). */
export function countKubernetesKinds(yamlTexts: readonly string[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const text of yamlTexts) {
    for (const doc of YAML.parseAllDocuments(text)) {
      const object = doc.toJS() as { kind?: unknown } | null;
      if (object && typeof object.kind === 'string') increment(kinds, object.kind);
    }
  }
  return kinds;
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Synthesizes the app's stacks for an environment (both flavors, in-process, into a temporary directory) and counts
 * what each flavor's stacks (platform and pipeline) contain together: CloudFormation resources by type and, for the self-hosted stack, the Kubernetes objects of the
 * charts it applies (the YAML the stack writes under `<cdk.out>/k8s/<stack>/`) and its Helm releases.
 *
 * @param context the CDK context (cdk.json's `context`), `env` is set from `environmentName`
 */
export function synthesizeStackResources(definition: PipelineDefinition, context: Record<string, unknown>, environmentName: string): StackResources[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelines-compare-'));
  try {
    // The built-in CloudFormation validator adds seconds and `cdk synth` already runs it: counting needs no validation.
    // (Set through Object.assign: aws-cdk-lib before 2.275 has no such prop and no validator to turn off.)
    const appProps: AppProps = Object.assign({ context: { ...context, env: environmentName, flavor: 'both' }, outdir }, { builtinCloudFormationValidation: false });
    const app = new App(appProps);
    const { stacks } = addPipelineStacks(app, definition);
    const assembly = app.synth();
    const readNested = (assetPath: string): Template | undefined => {
      const file = path.join(assembly.directory, assetPath);
      return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as Template : undefined;
    };
    return Flavor.ALL.map((flavor) => {
      const ofFlavor = stacks.filter((s) => s.flavor.id === flavor.id);
      const types: Record<string, number> = {};
      const helmReleases: string[] = [];
      const yamls: string[] = [];
      let bytes = 0;
      let interfaceEndpoints = 0;
      for (const stack of ofFlavor) {
        const counted = countTemplateResources(assembly.getStackByName(stack.stackName).template as Template, readNested);
        for (const [type, n] of Object.entries(counted.types)) increment(types, type, n);
        helmReleases.push(...counted.helmReleases);
        bytes += counted.bytes;
        interfaceEndpoints += counted.interfaceEndpoints;
        const k8sDir = path.join(assembly.directory, 'k8s', stack.stackName);
        if (fs.existsSync(k8sDir)) yamls.push(...fs.readdirSync(k8sDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => fs.readFileSync(path.join(k8sDir, f), 'utf8')));
      }
      return {
        flavor,
        stackName: ofFlavor.map((s) => s.stackName).join(' + '),
        resourceTypes: sortedRecord(types),
        totalResources: Object.values(types).reduce((a, b) => a + b, 0),
        kubernetesObjects: sortedRecord(countKubernetesKinds(yamls)),
        helmReleases: helmReleases.sort(),
        templateBytes: bytes,
        interfaceEndpoints,
      };
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
