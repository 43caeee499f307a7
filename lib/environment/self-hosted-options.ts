import { STRIMZI_1_2 } from '../catalog/strimzi-release';
import { ValidationProblem } from '../validation/validation-problem';

/**
 * Where the self-hosted flavor's health signals are evaluated (see `pipelineSignals`):
 * - `none`: metrics are exposed (Flink's Prometheus reporter, Strimzi's JMX exporter rules and Kafka Exporter) but no
 *   monitoring object is applied; nothing pages.
 * - `prometheus-operator`: the cluster runs a prometheus-operator (e.g. kube-prometheus-stack) installed by you; the
 *   platform applies PodMonitors for Kafka, each pipeline PodMonitors for its Flink pods and a PrometheusRule with its
 *   alerts. Applying them fails on a cluster without the operator's CRDs.
 * - `amazon-managed-prometheus`: an Amazon Managed Service for Prometheus workspace per platform with an agentless
 *   scraper of the EKS cluster, each pipeline's alerts as a rule groups namespace, and the workspace's alert manager
 *   publishing to the platform's SNS alert topic.
 */
export type SelfHostedMonitoring = 'none' | 'prometheus-operator' | 'amazon-managed-prometheus';

/** Every monitoring choice, in the order the errors list them. */
export const SELF_HOSTED_MONITORING: readonly SelfHostedMonitoring[] = ['none', 'prometheus-operator', 'amazon-managed-prometheus'];

/** Environment options read only by the self-hosted flavor (`selfHosted` in an environment's context). */
export interface SelfHostedEnvironmentOptions {
  /**
   * CIDRs allowed to reach the EKS API endpoint publicly. Empty or absent: the endpoint is private only.
   * @default [] (private endpoint)
   */
  readonly eksPublicAccessCidrs?: string[];
  /**
   * ARN of an IAM role granted cluster-admin on the EKS cluster (an access entry), e.g. the platform team's role.
   * @default - none: only the deployment's kubectl handler administers the cluster
   */
  readonly clusterAdminRoleArn?: string;
  /**
   * Adds a plain (unencrypted) Kafka listener on port 9092, inside the cluster network only. Refused in a production environment (`production: true`).
   * @default false
   */
  readonly kafkaPlainListener?: boolean;
  /**
   * Kafka version of the Strimzi cluster; one the installed Strimzi release supports.
   * @default '4.3.1' (the default of Strimzi 1.2.0)
   */
  readonly kafkaVersion?: string;
  /**
   * Tenant namespaces that get a shared Flink session cluster (`FlinkSessionJob`s run there).
   * @default [] (every job gets its own application-mode FlinkDeployment)
   */
  readonly sessionClusterTenants?: string[];
  /**
   * Jobs that run as a `FlinkSessionJob` in a tenant's session cluster instead of their own FlinkDeployment:
   * job name → tenant namespace (one of `sessionClusterTenants`).
   * @default {} (no job runs in a session cluster)
   */
  readonly sessionJobs?: Record<string, string>;
  /**
   * Where the Flink operator fetches the SQL runner jar for session jobs: a FlinkSessionJob's jar is downloaded by the
   * operator and uploaded to the session cluster (`local://` is not possible). An `https://` URL works as is; an
   * `s3://` URI needs an operator image with Flink's S3 file system plugin. Build the jar from the plan's artifacts
   * (the same jar the managed flavor runs). Required when `sessionJobs` is set.
   * @default - none
   */
  readonly sessionJobJarUri?: string;
  /**
   * Where the health signals are evaluated and who gets paged (see {@link SelfHostedMonitoring}).
   * @default 'amazon-managed-prometheus' in a production environment (alerts page without anything installed in the
   * cluster, like the managed flavor's alarms), 'none' otherwise
   */
  readonly monitoring?: SelfHostedMonitoring;
  /**
   * Labels on the PodMonitors and PrometheusRules (`prometheus-operator` only), so the cluster's Prometheus selects
   * them: a kube-prometheus-stack Prometheus selects only objects labelled `release: <its Helm release>` unless told
   * otherwise, e.g. `{ "release": "kube-prometheus-stack" }`.
   * @default {} (your Prometheus selects every PodMonitor and PrometheusRule, or by other means)
   */
  readonly monitoringLabels?: Record<string, string>;
  /**
   * E-mail addresses subscribed to the platform's alert topic (`amazon-managed-prometheus` only). Each address gets a
   * confirmation mail from SNS and receives nothing until it confirms.
   * @default - no subscription: subscribe your pager to the topic yourself
   */
  readonly alertEmails?: string[];
}

/** The monitoring of an environment's self-hosted flavor, its default applied (see {@link SelfHostedEnvironmentOptions.monitoring}). */
export function selfHostedMonitoring(environment: { readonly production: boolean; readonly selfHosted: SelfHostedEnvironmentOptions }): SelfHostedMonitoring {
  return environment.selfHosted.monitoring ?? (environment.production ? 'amazon-managed-prometheus' : 'none');
}

/** Namespaces the cluster and the operators own: no pipeline or tenant namespace may be one of them. */
export const RESERVED_NAMESPACES: readonly string[] = ['cert-manager', 'flink-operator', 'strimzi', 'kube-system', 'kube-public', 'kube-node-lease', 'default'];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CIDR = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(\d|[12]\d|3[0-2])$/;

/**
 * The widest public-access CIDR a production environment may name for the EKS API endpoint: a /24 (256 addresses),
 * an office's or a CI runner pool's egress range. Production is private-endpoint only unless it names such a list.
 */
export const PRODUCTION_PUBLIC_ACCESS_MIN_PREFIX = 24;
/** The most public-access CIDRs a production environment may name (a narrow allow-list, not a map of the internet). */
export const PRODUCTION_PUBLIC_ACCESS_MAX_CIDRS = 5;
/** The widest public-access CIDR any other environment may name: a /16 (an organisation's range), never the internet. */
export const PUBLIC_ACCESS_MIN_PREFIX = 16;

/** The prefix length of a canonical IPv4 CIDR (no leading zeros, octets ≤ 255, prefix 0–32), or undefined. */
export function cidrPrefix(value: string): number | undefined {
  const match = CIDR.exec(value);
  if (match === null || !match.slice(1, 5).every((octet) => Number(octet) <= 255)) return undefined;
  return Number(match[5]);
}

/**
 * Problems of an environment's self-hosted options, each with its path and fix.
 * @param at the path prefix, e.g. `environments.prod.selfHosted`
 * @param production whether the environment is a production one
 */
export function selfHostedOptionProblems(at: string, options: SelfHostedEnvironmentOptions, production: boolean): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const cidrs: unknown = options.eksPublicAccessCidrs ?? [];
  if (!Array.isArray(cidrs)) {
    problems.push({ path: `${at}.eksPublicAccessCidrs`, message: `must be a list of CIDRs, got ${JSON.stringify(cidrs)}`, fix: 'write e.g. ["203.0.113.0/24"], or remove it (private endpoint)' });
  } else {
    cidrs.forEach((cidr: unknown, i) => {
      const prefix = typeof cidr === 'string' ? cidrPrefix(cidr) : undefined;
      if (prefix === undefined) {
        problems.push({ path: `${at}.eksPublicAccessCidrs[${i}]`, message: `${JSON.stringify(cidr)} is not an IPv4 CIDR`, fix: 'write it like "203.0.113.0/24"' });
      } else if (prefix === 0) {
        problems.push({ path: `${at}.eksPublicAccessCidrs[${i}]`, message: `${cidr} opens the Kubernetes API to the internet`, fix: 'list the CIDRs of your operators or CI, or remove eksPublicAccessCidrs (private endpoint)' });
      } else {
        const widest = production ? PRODUCTION_PUBLIC_ACCESS_MIN_PREFIX : PUBLIC_ACCESS_MIN_PREFIX;
        if (prefix < widest) {
          const where = production ? 'a production environment' : 'an environment';
          problems.push({ path: `${at}.eksPublicAccessCidrs[${i}]`, message: `${cidr} opens the Kubernetes API to ${2 ** (32 - prefix)} addresses in ${where} (wider than /${widest})`, fix: `name the CIDRs of your operators or CI, each /${widest} or narrower, or remove eksPublicAccessCidrs (private endpoint)` });
        }
      }
    });
    if (production && cidrs.length > PRODUCTION_PUBLIC_ACCESS_MAX_CIDRS) {
      problems.push({ path: `${at}.eksPublicAccessCidrs`, message: `names ${cidrs.length} CIDRs in a production environment (at most ${PRODUCTION_PUBLIC_ACCESS_MAX_CIDRS})`, fix: `keep the allow-list to your operators' and CI's egress ranges (at most ${PRODUCTION_PUBLIC_ACCESS_MAX_CIDRS}), or remove eksPublicAccessCidrs and reach the private endpoint through the VPC` });
    }
  }
  const adminRole = options.clusterAdminRoleArn;
  if (adminRole !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/.test(adminRole)) {
    problems.push({ path: `${at}.clusterAdminRoleArn`, message: `${JSON.stringify(adminRole)} is not an IAM role ARN`, fix: 'use arn:aws:iam::<account>:role/<name>' });
  }
  const kafkaVersion = options.kafkaVersion;
  if (kafkaVersion !== undefined && !STRIMZI_1_2.kafkaVersions.includes(kafkaVersion)) {
    problems.push({ path: `${at}.kafkaVersion`, message: `Kafka ${kafkaVersion} is not supported by Strimzi ${STRIMZI_1_2.version}`, fix: `use one of ${STRIMZI_1_2.kafkaVersions.join(', ')} (default ${STRIMZI_1_2.defaultKafkaVersion})` });
  }
  const tenants = options.sessionClusterTenants ?? [];
  tenants.forEach((tenant, i) => {
    if (!DNS_LABEL.test(tenant)) {
      problems.push({ path: `${at}.sessionClusterTenants[${i}]`, message: `${JSON.stringify(tenant)} is not a valid namespace name`, fix: 'use up to 63 lower case letters, digits and "-", starting and ending with a letter or digit' });
    } else if (RESERVED_NAMESPACES.includes(tenant)) {
      problems.push({ path: `${at}.sessionClusterTenants[${i}]`, message: `"${tenant}" is a namespace of the cluster or its operators`, fix: 'give the tenant its own namespace' });
    } else if (tenants.indexOf(tenant) !== i) {
      problems.push({ path: `${at}.sessionClusterTenants[${i}]`, message: `"${tenant}" is listed more than once`, fix: 'list each tenant once' });
    }
  });
  const sessionJobs = Object.keys(options.sessionJobs ?? {});
  if (sessionJobs.length > 0 && options.sessionJobJarUri === undefined) {
    problems.push({ path: `${at}.sessionJobJarUri`, message: `is not set, but sessionJobs runs ${sessionJobs.join(', ')} in session clusters`, fix: 'give the URI the Flink operator downloads the SQL runner jar from (https://…, or s3://… with an S3-enabled operator image)' });
  } else if (options.sessionJobJarUri !== undefined && !/^(https|s3):\/\/\S+\.jar$/.test(options.sessionJobJarUri)) {
    problems.push({ path: `${at}.sessionJobJarUri`, message: `${JSON.stringify(options.sessionJobJarUri)} is not an https:// or s3:// URI of a jar`, fix: 'use e.g. "https://artifacts.example.com/sql-runner-1.20.4.jar"' });
  }
  problems.push(...selfHostedMonitoringProblems(at, options, production));
  for (const [job, tenant] of Object.entries(options.sessionJobs ?? {})) {
    if (!tenants.includes(tenant)) {
      problems.push({ path: `${at}.sessionJobs.${job}`, message: `tenant "${tenant}" has no session cluster`, fix: `add it to sessionClusterTenants (now: ${tenants.length === 0 ? '(none)' : tenants.join(', ')})` });
    }
  }
  return problems;
}

/** Problems of the monitoring options (`monitoring`, `alertEmails`) of an environment's self-hosted options. */
export function selfHostedMonitoringProblems(at: string, options: SelfHostedEnvironmentOptions, production: boolean): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const monitoring: unknown = options.monitoring;
  if (monitoring !== undefined && !SELF_HOSTED_MONITORING.some((m) => m === monitoring)) {
    problems.push({ path: `${at}.monitoring`, message: `must be one of ${SELF_HOSTED_MONITORING.join(', ')}, got ${JSON.stringify(monitoring)}`, fix: 'use "amazon-managed-prometheus" (pages through SNS), "prometheus-operator" (your cluster runs one) or "none"' });
  } else if (monitoring === 'none' && production) {
    problems.push({ path: `${at}.monitoring`, message: 'is "none" in a production environment: no alert would page anyone', fix: 'use "amazon-managed-prometheus" (the default) or "prometheus-operator", or remove it' });
  }
  const effective = monitoring ?? (production ? 'amazon-managed-prometheus' : 'none');
  problems.push(...monitoringLabelProblems(`${at}.monitoringLabels`, options.monitoringLabels, effective));
  const emails: unknown = options.alertEmails ?? [];
  if (!Array.isArray(emails)) {
    problems.push({ path: `${at}.alertEmails`, message: `must be a list of e-mail addresses, got ${JSON.stringify(emails)}`, fix: 'write e.g. ["data-oncall@example.com"], or remove it' });
  } else {
    emails.forEach((email: unknown, i) => {
      if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        problems.push({ path: `${at}.alertEmails[${i}]`, message: `is not an e-mail address: ${JSON.stringify(email)}`, fix: 'write an address like "data-oncall@example.com"' });
      }
    });
    if (emails.length > 0 && effective !== 'amazon-managed-prometheus') {
      problems.push({ path: `${at}.alertEmails`, message: `is set, but monitoring is ${JSON.stringify(effective)}: only "amazon-managed-prometheus" has an alert topic`, fix: 'set monitoring to "amazon-managed-prometheus", or route alerts in your own Alertmanager and remove alertEmails' });
    }
  }
  return problems;
}

/** A Kubernetes label key (optional DNS-subdomain prefix, a name of up to 63 characters) and value. */
const LABEL_NAME = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

function monitoringLabelProblems(at: string, labels: unknown, monitoring: unknown): ValidationProblem[] {
  if (labels === undefined) return [];
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    return [{ path: at, message: `must be an object of label names and values, got ${JSON.stringify(labels)}`, fix: 'write e.g. { "release": "kube-prometheus-stack" }, or remove it' }];
  }
  const problems: ValidationProblem[] = [];
  if (monitoring !== 'prometheus-operator' && Object.keys(labels).length > 0) {
    problems.push({ path: at, message: `is set, but monitoring is ${JSON.stringify(monitoring)}: only "prometheus-operator" applies PodMonitors and PrometheusRules`, fix: 'set monitoring to "prometheus-operator", or remove monitoringLabels' });
  }
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(name)) {
      problems.push({ path: `${at}.${name}`, message: `${JSON.stringify(name)} is not a Kubernetes label name`, fix: 'use up to 63 letters, digits, "-", "_" and ".", optionally after a DNS prefix and "/"' });
    } else if (typeof value !== 'string' || !LABEL_VALUE.test(value)) {
      problems.push({ path: `${at}.${name}`, message: `${JSON.stringify(value)} is not a Kubernetes label value`, fix: 'use a string of up to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit' });
    }
  }
  return problems;
}
