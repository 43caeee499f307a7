/**
 * What a local run reads from a job's MiniCluster REST endpoint (127.0.0.1): its job, the records its sources read and
 * its sink writers received, and its checkpoints. Figures are Flink's own (the operators' `numRecordsIn`, summed over
 * subtasks; `counts` of the checkpoint statistics).
 */

/** Progress of one running Flink job. */
export interface FlinkJobProgress {
  readonly jobId: string;
  /** RUNNING, FINISHED, FAILED, … */
  readonly state: string;
  /** Records the source operators read (from Kafka, or generated). */
  readonly recordsIn: number;
  /** Records the sink writers received (rows handed to the Iceberg writer, or records to Kafka). */
  readonly recordsOut: number;
  readonly checkpointsCompleted: number;
  readonly checkpointsFailed: number;
}

interface VertexJson {
  readonly id: string;
  readonly name: string;
}

async function getJson(port: number, path: string, fetchImpl: typeof fetch): Promise<any> {
  const response = await fetchImpl(`http://127.0.0.1:${port}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return response.json();
}

/**
 * The progress of the job of a MiniCluster (the newest, if a restart left an older one), or undefined while the
 * endpoint is not up or has no job yet.
 */
export async function readFlinkJobProgress(port: number, fetchImpl: typeof fetch = fetch): Promise<FlinkJobProgress | undefined> {
  try {
    const overview = await getJson(port, '/jobs/overview', fetchImpl) as { jobs: Array<{ jid: string; state: string; 'start-time': number }> };
    const job = [...overview.jobs].sort((a, b) => b['start-time'] - a['start-time'])[0];
    if (job === undefined) return undefined;
    const detail = await getJson(port, `/jobs/${job.jid}`, fetchImpl) as { vertices: VertexJson[] };
    let recordsIn = 0;
    let recordsOut = 0;
    for (const vertex of detail.vertices) {
      // A source vertex: its source operators' numRecordsOut (what they read and emitted), else the chained task's
      // numRecordsOut. A writer: the numRecordsIn of the Iceberg or Kafka writer operator (rows handed to it).
      const ids = (await getJson(port, `/jobs/${job.jid}/vertices/${vertex.id}/subtasks/metrics`, fetchImpl) as Array<{ id: string }>).map((m) => m.id);
      const isSource = vertex.name.startsWith('Source:');
      const sourceIds = isSource ? ids.filter((id) => /^Source__.*\.numRecordsOut$/.test(id)) : [];
      if (isSource && sourceIds.length === 0 && ids.includes('numRecordsOut')) sourceIds.push('numRecordsOut');
      const sinkIds = ids.filter((id) => /(IcebergStreamWriter|Writer)\.numRecordsIn$/.test(id));
      const wanted = [...sourceIds, ...sinkIds];
      if (wanted.length === 0) continue;
      const values = await getJson(port, `/jobs/${job.jid}/vertices/${vertex.id}/subtasks/metrics?get=${wanted.map(encodeURIComponent).join(',')}&agg=sum`, fetchImpl) as Array<{ id: string; sum?: number }>;
      for (const value of values) {
        if (sourceIds.includes(value.id)) recordsIn += value.sum ?? 0;
        else recordsOut += value.sum ?? 0;
      }
    }
    let checkpointsCompleted = 0;
    let checkpointsFailed = 0;
    try {
      const checkpoints = await getJson(port, `/jobs/${job.jid}/checkpoints`, fetchImpl) as { counts?: { completed?: number; failed?: number } };
      checkpointsCompleted = checkpoints.counts?.completed ?? 0;
      checkpointsFailed = checkpoints.counts?.failed ?? 0;
    } catch {
      // Batch jobs have no checkpoint statistics.
    }
    return {
      jobId: job.jid,
      state: job.state,
      recordsIn,
      recordsOut,
      checkpointsCompleted,
      checkpointsFailed,
    };
  } catch {
    return undefined;
  }
}
