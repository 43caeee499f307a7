import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import type { RegExpEngine } from 'ajv/dist/types';
import * as YAML from 'yaml';

/** The in-project CRD copies (charts/crds/), so tests pass in a clone without ../shared. */
export const CRD_DIRECTORY = path.join(__dirname, '..', '..', '..', 'charts', 'crds');

/** A Kubernetes object as written to a manifest. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Makes a CRD's structural schema behave like the API server with field validation `Strict` (kubectl's default):
 * properties a schema does not declare are errors, unless the schema preserves unknown fields.
 */
function strictUnknownFields(schema: Schema): Schema {
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isSchema(value)) {
      copy.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, isSchema(child) ? strictUnknownFields(child) : child]));
    } else if (Array.isArray(value)) {
      copy[key] = value.map((item) => (isSchema(item) ? strictUnknownFields(item) : item));
    } else if (isSchema(value) && key !== 'enum' && key !== 'default' && key !== 'example') {
      copy[key] = strictUnknownFields(value);
    } else {
      copy[key] = value;
    }
  }
  if (copy.type === 'object' && isSchema(copy.properties) && copy.additionalProperties === undefined && copy['x-kubernetes-preserve-unknown-fields'] !== true) {
    copy.additionalProperties = false;
  }
  return copy;
}

/**
 * The API server checks `pattern` with Go's RE2, where a leading `(?i)` makes the rest case-insensitive (the
 * prometheus-operator CRDs use it, e.g. `^(?i)(abort|warn)?$`); JavaScript has no inline flag, so a leading one
 * becomes the `i` flag. An inline flag anywhere else is refused rather than guessed.
 */
const goPatterns: RegExpEngine = Object.assign((pattern: string, flags: string) => {
  const leading = /^(\^?)\(\?i\)/.exec(pattern);
  const source = leading === null ? pattern : `${leading[1]}${pattern.slice(leading[0].length)}`;
  if (/\(\?[a-zA-Z]+\)/.test(source)) throw new Error(`CRD pattern ${JSON.stringify(pattern)} has an inline flag that is not leading`);
  return new RegExp(source, leading === null ? flags : `${flags}i`);
}, { code: 'new RegExp' });

/**
 * Validates Kubernetes custom objects against the `openAPIV3Schema` of their CustomResourceDefinition, the way the API
 * server would on `kubectl apply`: types, enums, required fields, patterns, bounds and unknown fields.
 */
export class CrdSchemaValidator {
  /** Reads every CRD (`*.yaml`, `*.yml`, multi-document) under a directory, recursively. */
  public static fromDirectory(directory: string = CRD_DIRECTORY): CrdSchemaValidator {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.ya?ml$/.test(entry.name)) files.push(full);
      }
    };
    walk(directory);
    const crds = files.flatMap((file) => YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((doc) => doc.toJSON() as unknown));
    return new CrdSchemaValidator(crds.filter((crd): crd is Schema => isSchema(crd) && crd.kind === 'CustomResourceDefinition'));
  }

  private readonly ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true, code: { regExp: goPatterns } });
  /** The root schema of every served CRD version; compiled on first use (compiling all of them is seconds of a test file). */
  private readonly schemas = new Map<string, Schema>();
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(crds: readonly Schema[]) {
    // OpenAPI integer/number formats of the CRDs; the API server checks them as plain numbers.
    for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'date-time', 'int-or-string']) this.ajv.addFormat(format, true);
    for (const crd of crds) {
      const spec = crd.spec as { group: string; names: { kind: string }; versions: Array<{ name: string; served: boolean; schema?: { openAPIV3Schema?: Schema } }> };
      for (const version of spec.versions) {
        const schema = version.schema?.openAPIV3Schema;
        if (!version.served || !schema) continue;
        // The API server always accepts the object envelope, whether or not the CRD's schema declares it.
        const root = { ...schema, properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...(schema.properties as Schema) } };
        this.schemas.set(CrdSchemaValidator.key(`${spec.group}/${version.name}`, spec.names.kind), root);
      }
    }
  }

  /** `group/version Kind` of every served CRD version. */
  public get kinds(): string[] {
    return [...this.schemas.keys()].sort();
  }

  /** Whether a schema exists for the object's apiVersion and kind (i.e. it is a custom object of a known CRD). */
  public knows(object: KubernetesObject): boolean {
    return this.schemas.has(CrdSchemaValidator.key(object.apiVersion, object.kind));
  }

  /** Schema violations of one object as `<path> <message>`; empty when valid. Throws for an unknown kind. */
  public validate(object: KubernetesObject): string[] {
    const validator = this.validator(CrdSchemaValidator.key(object.apiVersion, object.kind));
    if (!validator) throw new Error(`no CRD schema for ${object.apiVersion} ${object.kind}; known: ${this.kinds.join(', ')}`);
    if (validator(object)) return [];
    return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }

  private validator(key: string): ValidateFunction | undefined {
    const compiled = this.validators.get(key);
    if (compiled !== undefined) return compiled;
    const schema = this.schemas.get(key);
    if (schema === undefined) return undefined;
    const validator = this.ajv.compile(strictUnknownFields(schema));
    this.validators.set(key, validator);
    return validator;
  }

  private static key(apiVersion: string, kind: string): string {
    return `${apiVersion} ${kind}`;
  }
}
