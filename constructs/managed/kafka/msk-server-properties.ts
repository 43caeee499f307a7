/**
 * Broker properties MSK fixes on Express brokers (they cannot appear in an Express cluster configuration), with the
 * value MSK sets. The plan's value must agree with it (see the Express validation rules).
 */
export const EXPRESS_FIXED_SERVER_PROPERTIES: Readonly<Record<string, string>> = Object.freeze({
  'default.replication.factor': '3',
  'min.insync.replicas': '2',
  'unclean.leader.election.enable': 'false',
  'transaction.state.log.min.isr': '2',
});

/** Renders properties as a `server.properties` text: `key=value` lines, sorted by key. */
export function renderServerProperties(properties: Readonly<Record<string, string>>): string {
  return Object.keys(properties)
    .sort()
    .map((key) => `${key}=${properties[key]}`)
    .join('\n') + '\n';
}

/** The plan's broker properties an MSK configuration may carry for the broker kind. */
export function configurableServerProperties(
  properties: Readonly<Record<string, string>>,
  express: boolean,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(properties).filter(([key]) => !express || !(key in EXPRESS_FIXED_SERVER_PROPERTIES)),
  );
}
