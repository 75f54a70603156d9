import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/** The body every non-GraphQL error gets: the GraphQL error shape, no stack, no path. */
export function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Client mistakes Express and body-parser recognise, by body-parser's `type`, with what to tell the client. */
const CLIENT_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  'encoding.unsupported': { code: 'BAD_REQUEST', message: 'The request body has an unsupported encoding.' },
  'charset.unsupported': { code: 'BAD_REQUEST', message: 'The request body has an unsupported charset.' },
  'request.aborted': { code: 'BAD_REQUEST', message: 'The request was aborted.' },
  'request.size.invalid': { code: 'BAD_REQUEST', message: 'The request body does not match its Content-Length.' },
};

/** Anything no route answered: a JSON 404 rather than Express's HTML page. */
export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json(errorBody(`Nothing at ${req.method} ${req.path}.`, 'NOT_FOUND'));
  };
}

/**
 * The last middleware: replaces Express's HTML error pages, which print the stack with absolute paths. Client
 * errors (4xx: bad JSON, a body too large, an undecodable URL) keep their status with a plain message; anything
 * else is a 500 with a generic message, and its details go to the log only.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = httpStatusOf(error);
    if (res.headersSent) {
      logger.error({ err: error, method: req.method, path: req.path }, 'error after the response started');
      res.destroy();
      return;
    }
    if (status >= 400 && status < 500) {
      const known = CLIENT_ERRORS[(error as { type?: string }).type ?? ''];
      const message = known?.message ?? (error instanceof URIError ? 'The URL is not correctly encoded.' : 'The request is not valid.');
      logger.debug({ status, method: req.method, path: req.path, type: (error as { type?: string }).type }, 'refused a malformed request');
      res.status(status).json(errorBody(message, known?.code ?? 'BAD_REQUEST'));
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unexpected error in an HTTP request');
    res.status(500).json(errorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
  };
}

function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : 500;
}
