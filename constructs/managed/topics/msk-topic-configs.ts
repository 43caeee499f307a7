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
