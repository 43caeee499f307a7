import { Duration } from 'aws-cdk-lib';
import { RawRetention } from '../../../lib/definition/raw-retention';

/**
 * Encodes topic configs for `AWS::MSK::Topic.Configs` / the MSK `CreateTopic` API: base64 of a JSON object of
 * config name → string value (keys sorted, so the template is stable). This is the encoding the MSK topic API reads
 * (providers built on it, e.g. the Terraform/Pulumi MSK topic resources, send exactly this).
 */
export function encodeTopicConfigs(configs: Readonly<Record<string, string>>): string {
  const sorted = Object.fromEntries(Object.keys(configs).sort().map((key) => [key, configs[key]]));
  return Buffer.from(JSON.stringify(sorted), 'utf8').toString('base64');
}

/** Decodes {@link encodeTopicConfigs} (tests, parity checks). */
export function decodeTopicConfigs(encoded: string): Record<string, string> {
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, string>;
}

/** What {@link tieredStorageTopicConfigs} reads of a topic plan. */
export interface TieredTopicSpec {
  /** Broker-disk retention of the topic. */
  readonly retention: Duration;
  readonly rawRetention?: RawRetention;
}

/**
 * MSK tiered storage configs of a topic that keeps raw records there: `remote.storage.enable`, the plan's retention
 * as the local (broker-disk) retention `local.retention.ms`, and the raw retention's total as `retention.ms` (the
 * whole log, tiered part included). Empty for other topics.
 */
export function tieredStorageTopicConfigs(topic: TieredTopicSpec): Record<string, string> {
  if (topic.rawRetention?.id !== 'tiered-storage') return {};
  return {
    'remote.storage.enable': 'true',
    'local.retention.ms': String(topic.retention.toMilliseconds()),
    'retention.ms': String(topic.rawRetention.total.toMilliseconds()),
  };
}
