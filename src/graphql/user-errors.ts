import { GraphQLError } from 'graphql';
import { decodeCursor } from '../projections/read-model-queries';

export function notFound(what: string, id: string, field = 'id'): GraphQLError {
  return new GraphQLError(`${what} ${id} not found`, { extensions: { code: 'NOT_FOUND', field } });
}

export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

export function parseCursor(after: string | null | undefined): number | undefined {
  if (after === null || after === undefined) return undefined;
  const position = decodeCursor(after);
  if (position === null) throw badInput('after', 'after is not a cursor this API returned');
  return position;
}
