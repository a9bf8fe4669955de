import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The parts of an OpenAPI document these checks read. */
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
}
export interface OpenApiOperation {
  operationId: string;
  parameters: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
}

/** A JSON Schema 2020-12 validator (OpenAPI 3.1's dialect) that knows the document's components. */
export function schemaValidator(doc: OpenApiDoc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: doc.components }, 'doc');
  /** Rewrites `#/components/…` to the document added above. */
  const resolved = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
  return {
    compile: (schema: unknown) => ajv.compile(resolved(schema) as object),
    errorsText: (errors: Parameters<typeof ajv.errorsText>[0]) => ajv.errorsText(errors),
  };
}

/** `/meetings/{meetingId}` as a pattern that matches a concrete path. */
const templatePattern = (template: string) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);

/**
 * Checks an answer of the API against the document: the operation exists for this method and path,
 * the status is one it documents, and a JSON body fits the documented schema. Returns the body.
 */
export async function expectDocumentedAnswer(doc: OpenApiDoc, method: string, path: string, res: Response): Promise<unknown> {
  const bare = path.split('?')[0]!;
  const template = Object.keys(doc.paths).find((t) => templatePattern(t).test(bare) && doc.paths[t]![method.toLowerCase()]);
  if (!template) throw new Error(`${method} ${bare} is not in the document`);
  const op = doc.paths[template]![method.toLowerCase()]!;
  const answer = op.responses[String(res.status)];
  if (!answer) throw new Error(`${op.operationId} answered ${res.status}, which the document does not list`);
  const ref = answer.$ref?.replace('#/components/responses/', '');
  const content = ref
    ? (doc.components.responses[ref] as { content?: OpenApiOperation['responses'][string]['content'] }).content
    : answer.content;
  const type = res.headers.get('content-type') ?? '';
  if (!content) {
    if (res.body !== null && (await res.clone().text()) !== '')
      throw new Error(`${op.operationId} ${res.status} has a body it does not document`);
    return undefined;
  }
  if (!type.startsWith('application/json')) {
    if (!Object.keys(content).some((media) => type.startsWith(media))) throw new Error(`${op.operationId} answered ${type}`);
    return undefined;
  }
  const body = await res.clone().json();
  const validate = schemaValidator(doc).compile(content['application/json']!.schema);
  if (!validate(body)) throw new Error(`${op.operationId} ${res.status} does not fit its schema: ${JSON.stringify(validate.errors)}`);
  return body;
}
