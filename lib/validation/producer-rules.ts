import { PipelineDefinition } from '../definition/pipeline-definition';
import { listNames } from './paths';
import { ValidationProblem } from './validation-problem';

const PRODUCER_NAME = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SERVICE_ACCOUNT = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8,17}$/;

/** A CIDR this rule accepts: IPv4, prefix 8–32 (never the whole internet, never a typo like /00). */
function isIpv4Cidr(cidr: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (match === null) return false;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  return octets.every((o) => o <= 255) && match[5].length === String(prefix).length && prefix >= 8 && prefix <= 32;
}

/**
 * Producers: unique valid names, topics the pipeline owns (a shared input is written by its owner only), a way in
 * (a role, a service account or a network path), well-formed role ARNs, service accounts, security groups and CIDRs.
 */
export function producerRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const owned = def.topics.filter((t) => t.sharedFrom === undefined).map((t) => t.name);
  const seen = new Set<string>();
  (def.producers ?? []).forEach((producer, i) => {
    const at = `producers[${i}] (${JSON.stringify(producer.name)})`;
    if (!PRODUCER_NAME.test(producer.name)) {
      problems.push({ path: `${at}.name`, message: `must be 1–40 lower case letters, digits and "-", got ${JSON.stringify(producer.name)}`, fix: 'use a name like "order-service"' });
    } else if (seen.has(producer.name)) {
      problems.push({ path: `${at}.name`, message: 'is used by another producer', fix: 'give each producer its own name' });
    }
    seen.add(producer.name);
    if (producer.topics.length === 0) problems.push({ path: `${at}.topics`, message: 'is empty', fix: 'name the topics it writes' });
    producer.topics.forEach((topic, j) => {
      if (!owned.includes(topic)) {
        const shared = def.topics.some((t) => t.name === topic);
        problems.push({
          path: `${at}.topics[${j}]`,
          message: shared ? `${JSON.stringify(topic)} is another pipeline's topic (a shared input): only its owner admits producers` : `unknown topic ${JSON.stringify(topic)}; topics this pipeline owns: ${listNames(owned)}`,
          fix: shared ? 'declare the producer in the owning pipeline' : 'name a topic of the pipeline',
        });
      }
    });
    const network = producer.network ?? {};
    if (producer.roleArn === undefined && producer.serviceAccount === undefined && (network.securityGroupIds ?? []).length + (network.cidrs ?? []).length === 0) {
      problems.push({ path: at, message: 'has no roleArn, serviceAccount or network: it could not authenticate or connect', fix: 'set roleArn (managed) or serviceAccount (self-hosted), and network for the managed brokers' });
    }
    if (producer.roleArn !== undefined && !ROLE_ARN.test(producer.roleArn)) {
      problems.push({ path: `${at}.roleArn`, message: `must be an IAM role ARN, got ${JSON.stringify(producer.roleArn)}`, fix: 'use arn:aws:iam::<account>:role/<name>' });
    }
    if (producer.serviceAccount !== undefined && !SERVICE_ACCOUNT.test(producer.serviceAccount)) {
      problems.push({ path: `${at}.serviceAccount`, message: `must be "<namespace>/<name>" of Kubernetes names, got ${JSON.stringify(producer.serviceAccount)}`, fix: 'e.g. "shop/order-service"' });
    }
    (network.securityGroupIds ?? []).forEach((sg, j) => {
      if (!SECURITY_GROUP.test(sg)) problems.push({ path: `${at}.network.securityGroupIds[${j}]`, message: `must be a security group id, got ${JSON.stringify(sg)}`, fix: 'use sg-0123456789abcdef0' });
    });
    (network.cidrs ?? []).forEach((cidr, j) => {
      if (!isIpv4Cidr(cidr)) problems.push({ path: `${at}.network.cidrs[${j}]`, message: `must be an IPv4 CIDR with a prefix from /8 to /32, got ${JSON.stringify(cidr)}`, fix: 'name the producer\'s own range, e.g. "10.20.0.0/16"' });
    });
  });
  return problems;
}
