import * as fs from 'fs';
import * as path from 'path';
import { ISynthesisSession, RemovalPolicy, Stack, attachCustomSynthesis } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cdk8s from 'cdk8s';
import { Construct, IDependable } from 'constructs';
import * as YAML from 'yaml';
import { readableIntrinsics } from './readable-intrinsics';

/** How a chart is applied. */
export interface ApplyChartOptions {
  /** What must be in the cluster first: the Helm release that installs the chart's CRDs, namespaces, … */
  readonly dependsOn?: IDependable[];
  /**
   * Whether objects removed from the chart are deleted from the cluster on the next deployment. Turn it off for
   * charts whose deletion loses data (Kafka cluster and topics outside dev): a removed object is left in place.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * What happens to the objects when the manifest leaves the stack (or the stack is deleted).
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** One chart as applied: its manifest resource and its objects. */
export interface AppliedChart {
  /** File name stem and manifest construct id. */
  readonly name: string;
  readonly manifest: eks.KubernetesManifest;
  /** The objects as applied (token strings unresolved). */
  readonly objects: Record<string, unknown>[];
}

/** Props of KubernetesManifests. */
export interface KubernetesManifestsProps {
  readonly cluster: eks.ICluster;
  /**
   * Largest serialized manifest accepted, in bytes: the kubectl handler refuses requests over 262,144 bytes, and
   * deploy-time values (ARNs, endpoints) are longer than the token strings measured at synth.
   * @default 131072 (half the limit)
   */
  readonly maxManifestBytes?: number;
}

/**
 * Applies cdk8s charts to the cluster, one `KubernetesManifest` per chart, and writes each chart as plain YAML to
 * `<cdk.out>/k8s/<stack name>/<chart>.yaml` at synthesis (for review and GitOps), with deploy-time values shown as
 * `${LogicalId}` / `${LogicalId.Attribute}` placeholders.
 *
 * Charts belong to `app` (a cdk8s App that is never synthesized by itself) and must be complete when applied.
 */
export class KubernetesManifests extends Construct {
  /** Directory under the cloud assembly that receives the YAML files. */
  public static readonly OUTPUT_DIRECTORY = 'k8s';

  /** The cdk8s app every chart of this stack belongs to. */
  public readonly app = new cdk8s.App();
  private readonly cluster: eks.ICluster;
  private readonly maxBytes: number;
  private readonly charts: AppliedChart[] = [];
  private bytes = 0;

  constructor(scope: Construct, id: string, props: KubernetesManifestsProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.maxBytes = props.maxManifestBytes ?? 128 * 1024;
    attachCustomSynthesis(this, { onSynthesize: (session) => this.writeYaml(session) });
  }

  /** Serialized size of every chart applied so far: the manifests are inlined in the stack's template (1 MB at most). */
  public get appliedBytes(): number {
    return this.bytes;
  }

  /** Every chart applied so far, in order. */
  public get applied(): readonly AppliedChart[] {
    return this.charts;
  }

  /** Applies a complete chart; its construct id names the manifest resource and the YAML file. */
  public apply(chart: cdk8s.Chart, options: ApplyChartOptions = {}): eks.KubernetesManifest {
    const name = chart.node.id;
    const objects = chart.toJson() as Record<string, unknown>[];
    const bytes = Buffer.byteLength(JSON.stringify(objects));
    if (bytes > this.maxBytes) {
      throw new Error(`Kubernetes chart "${name}" serializes to ${bytes} bytes, over the ${this.maxBytes}-byte budget of one applied manifest — split it into smaller charts`);
    }
    const manifest = new eks.KubernetesManifest(this, name, {
      cluster: this.cluster,
      manifest: objects,
      overwrite: true,
      prune: options.prune,
      removalPolicy: options.removalPolicy,
    });
    for (const dependency of options.dependsOn ?? []) manifest.node.addDependency(dependency);
    this.bytes += bytes;
    this.charts.push({ name, manifest, objects });
    return manifest;
  }

  /** The plain YAML of an applied chart, deploy-time values as `${…}` placeholders. */
  public yamlOf(name: string): string {
    const chart = this.charts.find((c) => c.name === name);
    if (!chart) throw new Error(`no applied chart "${name}"; applied: ${this.charts.map((c) => c.name).join(', ')}`);
    const resolved = readableIntrinsics(Stack.of(this).resolve(chart.objects)) as unknown[];
    return resolved.map((object) => YAML.stringify(object, { lineWidth: 0 })).join('---\n');
  }

  private writeYaml(session: ISynthesisSession): void {
    const directory = path.join(session.outdir, KubernetesManifests.OUTPUT_DIRECTORY, Stack.of(this).stackName);
    fs.mkdirSync(directory, { recursive: true });
    for (const chart of this.charts) fs.writeFileSync(path.join(directory, `${chart.name}.yaml`), this.yamlOf(chart.name));
  }
}
