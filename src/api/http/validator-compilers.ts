// Request validation: JSON bodies are checked as sent (a number is not a
// string), while query strings, path parameters and headers, which are text
// by nature, are coerced to the types their schemas name.
import { Ajv, type Options } from 'ajv';
import ajvFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export is the plugin function.
const addFormats = ajvFormatsModule as unknown as (ajv: Ajv) => Ajv;

const shared: Options = {
  useDefaults: true,
  removeAdditional: false,
  // One error, not all: allErrors lets crafted input make validation expensive.
  allErrors: false,
  strict: false,
};

function make(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ ...shared, coerceTypes });
  addFormats(ajv);
  return ajv;
}

export function validatorCompiler(): FastifySchemaCompiler<object> {
  const body = make(false);
  const text = make('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema);
}
