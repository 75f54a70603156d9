import { GraphQLError } from 'graphql';
import { decodeCursor } from '../projections/read-model-queries';

export function notFound(what: string, id: string, field = 'id'): GraphQLError {
  return new GraphQLError(`${what} ${id} not found`, { extensions: { code: 'NOT_FOUND', field } });
}

/** Why a model cannot be chosen on a server that has none configured. */
export const NO_MODEL = 'this server has no model configured, so the offline rule engine answers every project (set LLM_API_KEY or LLM_BASE_URL to use a model)';

export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

export function parseCursor(after: string | null | undefined): number | undefined {
  if (after === null || after === undefined) return undefined;
  const position = decodeCursor(after);
  if (position === null) throw badInput('after', 'after is not a cursor this API returned');
  return position;
}
