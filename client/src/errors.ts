import type { CombinedError } from 'urql';

export interface ApiErrorInfo {
  /** Messages of BAD_USER_INPUT errors that name an input field, by field name. */
  fields: Record<string, string>;
  /** Everything else, ready to show: network failures, other GraphQL errors. */
  general: string[];
  /** The first error code, e.g. NOT_FOUND, BAD_USER_INPUT. */
  code: string | null;
}

/**
 * Splits an urql error into field errors and page-level messages. The server reports invalid
 * input as a GraphQL error with `extensions.code === 'BAD_USER_INPUT'` and `extensions.field`
 * (and, when several fields are wrong at once, `extensions.fields: [{ field, messages }]`).
 */
export function parseApiError(error: CombinedError | undefined | null): ApiErrorInfo {
  const info: ApiErrorInfo = { fields: {}, general: [], code: null };
  if (!error) return info;
  if (error.networkError) {
    info.general.push(describeNetworkError(error.networkError));
  }
  const addFieldError = (field: string, message: string) => {
    const name = field.replace(/^input\./, '');
    info.fields[name] = info.fields[name] ? `${info.fields[name]}; ${message}` : message;
  };
  for (const graphQLError of error.graphQLErrors) {
    const extensions = (graphQLError.extensions ?? {}) as { code?: unknown; field?: unknown; fields?: unknown };
    const code = typeof extensions.code === 'string' ? extensions.code : null;
    info.code ??= code;
    if (code !== 'BAD_USER_INPUT') {
      info.general.push(graphQLError.message);
    } else if (Array.isArray(extensions.fields) && extensions.fields.length > 0) {
      // Several invalid fields in one error: [{ field, messages: [...] }].
      for (const problem of extensions.fields as { field?: unknown; messages?: unknown }[]) {
        const messages = Array.isArray(problem.messages) ? problem.messages.map(String).join(', ') : graphQLError.message;
        if (typeof problem.field === 'string') addFieldError(problem.field, messages);
        else info.general.push(messages);
      }
    } else if (typeof extensions.field === 'string') {
      addFieldError(extensions.field, graphQLError.message);
    } else {
      info.general.push(graphQLError.message);
    }
  }
  if (info.general.length === 0 && Object.keys(info.fields).length === 0) info.general.push(error.message);
  return info;
}

function describeNetworkError(error: Error): string {
  const message = error.message || 'Network error';
  if (/failed to fetch|networkerror|load failed/i.test(message)) {
    return 'The BotArmy server cannot be reached. Is `botarmy serve` running?';
  }
  return message;
}

export function hasErrorCode(error: CombinedError | undefined, code: string): boolean {
  return !!error?.graphQLErrors.some((e) => (e.extensions as { code?: unknown } | undefined)?.code === code);
}
