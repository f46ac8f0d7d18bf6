import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ApiDocument } from './api-document.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/**
 * Checks real responses against an OpenAPI 3.1 document: the JSON schema the document gives for
 * an operation's status (what a client generated from it would expect), with every `$ref`
 * resolved inside the document, validated by ajv (JSON Schema 2020-12, formats checked).
 */
export class ResponseContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(private readonly document: ApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ ...document, $id: 'openapi.json' });
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
