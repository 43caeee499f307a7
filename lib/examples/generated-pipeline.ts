import { ColumnType } from '../definition/column-type';
import { PipelineDefinition } from '../definition/pipeline-definition';

/** Options of {@link generatedPipeline}. */
export interface GeneratedPipelineOptions {
  /** Pipeline name. */
  readonly name: string;
  /** Streaming jobs; each reads its own topic and writes its own table. */
  readonly jobs: number;
  /**
   * Partitions of each topic.
   * @default 3
   */
  readonly partitions?: number;
}

/**
 * A synthetic pipeline of N independent streaming jobs (topic `<name>-events-<i>` → job `job-<i>` → table
 * `events_<i>`), for scale tests and the synth benchmark: it exercises stack sharding without sizing surprises.
 */
export function generatedPipeline(options: GeneratedPipelineOptions): PipelineDefinition {
  const indexes = Array.from({ length: options.jobs }, (_, i) => i + 1);
  const columns = [
    { name: 'id', type: ColumnType.STRING, nullable: false },
    { name: 'payload', type: ColumnType.STRING },
    { name: 'amount', type: ColumnType.DOUBLE },
  ];
  return {
    name: options.name,
    topics: indexes.map((i) => ({ name: `${options.name}-events-${i}`, key: ['id'], columns, partitions: options.partitions ?? 3 })),
    tables: indexes.map((i) => ({ name: `events_${i}`, columns, primaryKey: ['id'] })),
    jobs: indexes.map((i) => ({ name: `job-${i}`, sources: [`${options.name}-events-${i}`], sinks: [`events_${i}`], parallelism: { initial: 1, max: options.partitions ?? 3 } })),
  };
}
