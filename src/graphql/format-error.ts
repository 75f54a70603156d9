import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import type { Logger } from 'pino';
import { DomainError } from '../domain/domain-error';
import { ConcurrencyError, InvalidEventError } from '../events/errors';

interface FieldProblem {
  field: string;
  messages: string[];
}

/** Flattens class-validator's tree (input → name) into `name: message` pairs a form can show next to its fields. */
function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const here = e.constraints ? [{ field: e.property, messages: Object.values(e.constraints) }] : [];
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    return [...here, ...fieldProblems(e.children ?? [], path)];
  });
}

/** The same text graphql-armor's field-suggestion blocker uses: suggestions would map out the schema for a prober. */
const SUGGESTION_MASK = '[Suggestion hidden]';

/** An error raised on purpose somewhere down the chain (a refusal with a code), as opposed to a bug or a crash. */
function isIntended(error: unknown): boolean {
  let cause = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause instanceof GraphQLError || cause instanceof DomainError || cause instanceof ConcurrencyError || cause instanceof InvalidEventError;
}

/**
 * Turns every refusal into an error a client can act on: `extensions.code` (BAD_USER_INPUT, NOT_FOUND,
 * CONFLICT, …) and, for input problems, `extensions.field` naming the field. Anything unintended (a bug, a
 * database failure) becomes INTERNAL_SERVER_ERROR with a generic message: its details, which may hold paths
 * and SQL, go to the log only. Used by both transports (Apollo over HTTP, graphql-ws).
 */
export function createFormatError(logger: Logger) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    if (!isIntended(error)) {
      const cause = unwrapResolverError(error);
      logger.error({ err: cause, path: formatted.path }, 'unexpected error in a GraphQL operation');
      return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return maskSuggestions(explain(formatted, error));
  };
}

function maskSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return { ...formatted, message: formatted.message.replace(/Did you mean ".+"/g, SUGGESTION_MASK) };
}

function explain(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return { ...formatted, message: original.message, extensions: { ...formatted.extensions, code: original.code, field: original.field } };
  }
  if (original instanceof ConcurrencyError) {
    return { ...formatted, message: 'the project changed at the same time; try again', extensions: { ...formatted.extensions, code: 'CONFLICT' } };
  }
  if (original instanceof InvalidEventError) {
    return { ...formatted, message: original.message, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
  const validationErrors = formatted.extensions?.validationErrors as ValidationError[] | undefined;
  if (formatted.extensions?.code === 'BAD_USER_INPUT' && Array.isArray(validationErrors)) {
    const problems = fieldProblems(validationErrors);
    return {
      ...formatted,
      message: problems.map((p) => p.messages.join(', ')).join('; ') || formatted.message,
      extensions: { code: 'BAD_USER_INPUT', field: problems[0]?.field, fields: problems },
    };
  }
  return formatted;
}
