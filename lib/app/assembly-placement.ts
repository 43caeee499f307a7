import * as fs from 'fs';
import * as path from 'path';
import { PART_PLACEMENT_METADATA, PartPlacementRecord } from '../../constructs/common/part-placement';
import { LockedPlacement } from '../plan/schema-lock';

interface ManifestArtifact {
  readonly type?: string;
  readonly properties?: { readonly directoryName?: string };
  readonly metadata?: ArtifactMetadata;
  /** Where aws-cdk-lib writes a stack's metadata (`<artifact id>.metadata.json`, beside the manifest). */
  readonly additionalMetadataFile?: string;
}

type ArtifactMetadata = { readonly [constructPath: string]: ReadonlyArray<{ readonly type?: string; readonly data?: unknown }> };

/** What a cloud assembly says about where its pipeline stacks placed their units. */
export interface AssemblyPlacement {
  /** Pipeline name → placement of each flavor the assembly holds a stack of. */
  readonly pipelines: ReadonlyMap<string, LockedPlacement>;
  /** Whether `directory` holds a cloud assembly at all (`manifest.json`). */
  readonly found: boolean;
}

/**
 * Reads the placement records (`PART_PLACEMENT_METADATA`) of an environment's pipeline stacks from a cloud assembly:
 * `cdk.out` after `cdk deploy`, which is what that deployment created. Nested assemblies (stages) are read too.
 */
export function placementFromAssembly(directory: string, environment: string): AssemblyPlacement {
  const pipelines = new Map<string, Record<string, LockedPlacement[string]>>();
  const read = (dir: string): boolean => {
    const file = path.join(dir, 'manifest.json');
    if (!fs.existsSync(file)) return false;
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { readonly artifacts?: { readonly [id: string]: ManifestArtifact } };
    for (const artifact of Object.values(manifest.artifacts ?? {})) {
      if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName !== undefined) read(path.join(dir, artifact.properties.directoryName));
      const inFile: ArtifactMetadata = artifact.additionalMetadataFile === undefined ? {}
        : JSON.parse(fs.readFileSync(path.join(dir, artifact.additionalMetadataFile), 'utf8')) as ArtifactMetadata;
      for (const entries of [...Object.values(artifact.metadata ?? {}), ...Object.values(inFile)]) {
        for (const entry of entries) {
          if (entry.type !== PART_PLACEMENT_METADATA) continue;
          const record = entry.data as PartPlacementRecord;
          if (record.environment !== environment) continue;
          const flavors = pipelines.get(record.pipeline) ?? {};
          flavors[record.flavor] = record.groups;
          pipelines.set(record.pipeline, flavors);
        }
      }
    }
    return true;
  };
  const found = read(directory);
  return { found, pipelines };
}
