import { Token, Tokenization } from 'aws-cdk-lib';
import { fingerprintJson } from '../../../../lib/plan/content-fingerprint';

/** A value of the application's configuration that only CloudFormation knows (a jar key from a build, an SSM value). */
export interface DeployTimeInput {
  /** Where it sits in the configuration, e.g. `applicationCodeConfiguration.codeContent.s3ContentLocation.fileKey`. */
  readonly Path: string;
  /** The token itself: CloudFormation resolves it in the starter's properties. */
  readonly Value: unknown;
}

/** What the starter must be given so that every change of the application's inputs reaches it as an Update. */
export interface StarterInputs {
  /** Hash of the configuration's literal values (each deploy-time value replaced by its index in `deployTimeInputs`). */
  readonly fingerprint: string;
  /** The configuration's deploy-time values, in document order, passed as they are. */
  readonly deployTimeInputs: readonly DeployTimeInput[];
}

const isDeployTime = (value: unknown): boolean =>
  ((typeof value === 'string' || typeof value === 'number') && Token.isUnresolved(value))
  || (typeof value === 'object' && value !== null && Tokenization.isResolvable(value));

/**
 * Splits an application's configuration (the L1 props, before resolution) into what synth knows and what only the
 * deployment knows. A hash of the resolved template text cannot see a new runner jar: the jar's key is
 * `Fn::GetAtt …ObjectKey`, the same text for every jar (likewise SSM-resolved endpoints). So literal values are hashed,
 * and every token is handed to the starter as a property of its own, which CloudFormation resolves: a new value is a
 * changed property, hence an Update that re-runs the starter's health check.
 */
export function starterInputs(configuration: unknown, subject: string): StarterInputs {
  const deployTimeInputs: DeployTimeInput[] = [];
  const literal = (value: unknown, path: string): unknown => {
    if (isDeployTime(value)) {
      deployTimeInputs.push({ Path: path, Value: value });
      return { deployTimeInput: deployTimeInputs.length - 1 };
    }
    if (Array.isArray(value)) return value.map((item, i) => literal(item, `${path}[${i}]`));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, literal(item, path === '' ? key : `${path}.${key}`)]));
    }
    return value;
  };
  const skeleton = literal(configuration, '');
  return { fingerprint: fingerprintJson(skeleton, subject), deployTimeInputs };
}
