import { CfnOutput } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Characters of one output value this project writes at most (CloudFormation caps output values at 4 KB). */
export const OUTPUT_VALUE_CHARACTERS = 3500;

/**
 * Outputs a list as comma-separated values: one output `<id>` when it fits, else `<id>1`, `<id>2`, … each under
 * OUTPUT_VALUE_CHARACTERS (a 200-topic pipeline still takes a handful of the 200 outputs a template may have).
 */
export function listOutputs(scope: Construct, id: string, description: string, values: readonly string[]): CfnOutput[] {
  const chunks: string[][] = [[]];
  for (const value of values) {
    const current = chunks[chunks.length - 1];
    if (current.length > 0 && [...current, value].join(',').length > OUTPUT_VALUE_CHARACTERS) chunks.push([value]);
    else current.push(value);
  }
  return chunks.map((chunk, i) => new CfnOutput(scope, chunks.length === 1 ? id : `${id}${i + 1}`, {
    value: chunk.join(','),
    description: chunks.length === 1 ? description : `${description} (part ${i + 1} of ${chunks.length})`,
  }));
}
