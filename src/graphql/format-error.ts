import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
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

/**
 * Turns every refusal into an error a client can act on: `extensions.code` (BAD_USER_INPUT, NOT_FOUND,
 * CONFLICT) and, for input problems, `extensions.field` naming the field.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
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
