import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ApiDocument } from './api-document.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/**
 * Checks real responses against an OpenAPI 3.1 document: the JSON schema the document gives for
 * an operation's status (what a client generated from it would expect), with every `$ref`
 * resolved inside the document, validated by ajv (JSON Schema 2020-12, formats checked). Objects
 * are checked closed (a field the document does not name is a violation) unless the document
 * opens them (`additionalProperties`): the document stays lenient for clients, the check does not.
 */
export class ResponseContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(private readonly document: ApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ ...(closeObjects(structuredClone(document)) as object), $id: 'openapi.json' });
  }

  /**
   * The ways `body` breaks the documented JSON response of `method path` with `status` (an
   * OpenAPI path such as `/runs/{id}`); empty when it conforms. Throws when the document has no
   * such response: an undocumented status is a contract failure too.
   */
  violations(method: string, path: string, status: number, body: unknown): string[] {
    const operation = this.document.paths?.[path]?.[method.toLowerCase() as 'get'];
    const response = operation?.responses?.[String(status)] as { content?: Record<string, unknown> } | undefined;
    if (!response?.content?.['application/json'])
      throw new Error(`the document has no JSON ${status} response for ${method.toUpperCase()} ${path}`);
    const pointer = ['paths', path, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema']
      .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    const validate = this.ajv.getSchema(`openapi.json#/${pointer}`);
    if (!validate) throw new Error(`cannot compile the schema at #/${pointer}`);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
    );
  }
}

/** Sets `additionalProperties: false` on every object schema that lists properties and says nothing else. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) node.forEach(closeObjects);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const v of Object.values(o)) closeObjects(v);
    if (o.type === 'object' && o.properties && typeof o.properties === 'object' && !('additionalProperties' in o)) {
      o.additionalProperties = false;
    }
  }
  return node;
}
