import { ApolloArmor } from '@escape.tech/graphql-armor';
import { type DocumentNode, GraphQLError, type GraphQLSchema, type ParseOptions, parse, specifiedRules, validate } from 'graphql';

/**
 * The one set of limits every GraphQL document meets, whichever door it came in by (HTTP through Apollo,
 * WebSocket through graphql-ws). Generous for the dashboard (its largest request is a page of 20 aliased
 * `agents` fields), far too small for a document that tries to make the server do unbounded work.
 */
export const GRAPHQL_LIMITS = {
  /** Characters of the document itself; variables are not counted (inputs have their own limits). */
  maxDocumentChars: 100_000,
  maxTokens: 5_000,
  maxDepth: 12,
  maxCost: 20_000,
  maxAliases: 30,
  maxDirectives: 20,
} as const;

/**
 * graphql-armor's validation rules (depth, cost, aliases, directives). Its token limit is left to graphql-js's
 * own parser (`maxTokens` in PARSE_OPTIONS): armor's token plugin refuses from an Apollo hook that Apollo reports
 * as an unexpected error, so a plain syntax error came back as a 500; the parser's refusal is a 400 parse error.
 * Field suggestions ("Did you mean …") are hidden by the error formatter, which both transports share.
 */
const armor = new ApolloArmor({
  maxDepth: { n: GRAPHQL_LIMITS.maxDepth },
  costLimit: { maxCost: GRAPHQL_LIMITS.maxCost },
  maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
  maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
  maxTokens: { enabled: false },
  blockFieldSuggestion: { enabled: false },
});

/** Called once: each call of `protect()` adds another error reporter to armor's shared options. */
const protection = armor.protect();

export const VALIDATION_RULES = protection.validationRules;

export const PARSE_OPTIONS: ParseOptions = { maxTokens: GRAPHQL_LIMITS.maxTokens };

/** What ApolloServer takes: the same rules and parser limit, no batching, no stack traces in answers. */
export const APOLLO_VALIDATION = {
  validationRules: VALIDATION_RULES,
  parseOptions: PARSE_OPTIONS,
  allowBatchedHttpRequests: false,
  includeStacktraceInErrorResponses: false,
} as const;

/** Refuses a document longer than the limit before anything reads it; null when it is short enough. */
export function documentTooLong(query: unknown): GraphQLError | null {
  if (typeof query !== 'string' || query.length <= GRAPHQL_LIMITS.maxDocumentChars) return null;
  return new GraphQLError(`The document is ${query.length} characters long; the limit is ${GRAPHQL_LIMITS.maxDocumentChars}.`, {
    extensions: { code: 'BAD_REQUEST' },
  });
}

/**
 * For graphql-ws, which has no pipeline of its own: the length check, the parser with its token limit, then
 * graphql's rules plus armor's, exactly as Apollo applies them to HTTP requests. Errors are returned, not thrown.
 */
export function parseAndValidate(schema: GraphQLSchema, query: unknown): { document: DocumentNode } | { errors: GraphQLError[] } {
  if (typeof query !== 'string' || query.trim() === '') {
    return { errors: [new GraphQLError('The operation must contain a non-empty `query`.', { extensions: { code: 'BAD_REQUEST' } })] };
  }
  const tooLong = documentTooLong(query);
  if (tooLong) return { errors: [tooLong] };
  let document: DocumentNode;
  try {
    document = parse(query, PARSE_OPTIONS);
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : 'The document could not be parsed.';
    return { errors: [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] };
  }
  const invalid = validate(schema, document, [...specifiedRules, ...VALIDATION_RULES]);
  if (invalid.length > 0) {
    return { errors: invalid.map((e) => new GraphQLError(e.message, { extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } })) };
  }
  return { document };
}
