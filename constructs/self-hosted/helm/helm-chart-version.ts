/** Apache's permanent release archive (every release, forever), as opposed to the current-releases mirror. */
const APACHE_ARCHIVE = 'https://archive.apache.org/dist';

/**
 * A pinned Helm chart: where it is published, its name and exact version. Add-ons never float to "latest": an upgrade
 * is a reviewed change of one of these constants.
 */
export class HelmChartVersion {
  /**
   * cert-manager v1.20.3 (supports Kubernetes 1.32–1.35; needed by the Flink operator's webhook certificates).
   * The Flink operator docs install v1.18.2, which stops at Kubernetes 1.33.
   */
  public static readonly CERT_MANAGER = new HelmChartVersion('https://charts.jetstack.io', 'cert-manager', 'v1.20.3');
  /**
   * Apache Flink Kubernetes Operator 1.15.0 (Flink 1.19–2.2), from the Apache archive (see `flinkKubernetesOperator`).
   */
  public static readonly FLINK_KUBERNETES_OPERATOR = HelmChartVersion.flinkKubernetesOperator('1.15.0');
  /** Strimzi 1.2.0 (Kafka 4.2.0–4.3.1, API kafka.strimzi.io/v1, KRaft only), an OCI chart. */
  public static readonly STRIMZI_KAFKA_OPERATOR = new HelmChartVersion('oci://quay.io/strimzi-helm/strimzi-kafka-operator', 'strimzi-kafka-operator', '1.2.0');
  /**
   * cert-manager trust-manager v0.20.1: copies the Kafka cluster CA certificate into session-cluster tenant namespaces
   * (only installed when an environment has session clusters).
   */
  public static readonly TRUST_MANAGER = new HelmChartVersion('https://charts.jetstack.io', 'trust-manager', 'v0.20.1');
  /**
   * Kubernetes Cluster Autoscaler chart 9.53.0 (Cluster Autoscaler 1.34.2: its minor must match the cluster's).
   */
  public static readonly CLUSTER_AUTOSCALER = new HelmChartVersion('https://kubernetes.github.io/autoscaler', 'cluster-autoscaler', '9.53.0');

  /**
   * A Flink Kubernetes Operator release from the Apache archive, `https://archive.apache.org/dist/flink/flink-kubernetes-operator-<version>/`
   * (a Helm repository per release: `index.yaml` + `flink-kubernetes-operator-<version>-helm.tgz`). The archive keeps
   * every release; `downloads.apache.org` keeps only the current ones, so a pinned chart there 404s once Apache
   * publishes the next release.
   */
  public static flinkKubernetesOperator(version: string): HelmChartVersion {
    return new HelmChartVersion(`${APACHE_ARCHIVE}/flink/flink-kubernetes-operator-${version}/`, 'flink-kubernetes-operator', version);
  }

  /** Any other chart, e.g. a newer patch: `HelmChartVersion.of(repo, chart, version)`. */
  public static of(repository: string, chart: string, version: string): HelmChartVersion {
    return new HelmChartVersion(repository, chart, version);
  }

  private constructor(
    /** Chart repository URL (`https://…`) or OCI reference (`oci://…`, the chart itself). */
    public readonly repository: string,
    /** Chart name. */
    public readonly chart: string,
    /** Exact chart version. */
    public readonly version: string,
  ) {}

  public toString(): string {
    return `${this.chart}@${this.version}`;
  }
}
