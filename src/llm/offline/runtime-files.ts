/**
 * The two modules every generated project shares, as they are written into it: a validating in-memory store and
 * the HTTP plumbing for a REST collection. They are the same for every project, so they are text, not templates.
 */

export const STORE_JS = `'use strict';

/** A record the store refuses; the HTTP layer answers it with 400. */
class ValidationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ValidationError';
  }
}

const CHECKS = {
  string: (v) => typeof v === 'string' && v.trim() !== '',
  id: (v) => (typeof v === 'string' && v.trim() !== '') || Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  date: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
};

const EXPECTED = {
  string: 'a non-empty string',
  id: 'an id',
  number: 'a number',
  boolean: 'true or false',
  date: 'a date such as 2030-01-15T09:00:00Z',
};

function problems(fields, input, partial) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return ['the body must be a JSON object'];
  const found = [];
  for (const [name, spec] of Object.entries(fields)) {
    // Own properties only: a field called "constructor" must not find Object's.
    const value = Object.hasOwn(input, name) ? input[name] : undefined;
    if (value === undefined || value === null) {
      if (spec.required && !partial) found.push(\`\${name} is required\`);
    } else if (!CHECKS[spec.type](value)) {
      found.push(\`\${name} must be \${EXPECTED[spec.type]}\`);
    }
  }
  return found;
}

/** Only declared fields are kept, so a client cannot smuggle in an id or anything else. */
function known(fields, input) {
  const kept = {};
  for (const name of Object.keys(fields)) {
    if (Object.hasOwn(input, name) && input[name] !== undefined && input[name] !== null) kept[name] = input[name];
  }
  return kept;
}

/**
 * An in-memory store of one kind of record. Ids are sequential strings; callers get copies, so nothing outside
 * the store can change a stored record without going through validation.
 */
function createStore(fields) {
  const records = new Map();
  let lastId = 0;
  return {
    create(input) {
      const found = problems(fields, input, false);
      if (found.length > 0) throw new ValidationError(found.join('; '));
      lastId += 1;
      const record = { id: String(lastId), ...known(fields, input) };
      records.set(record.id, record);
      return { ...record };
    },
    list() {
      return [...records.values()].map((record) => ({ ...record }));
    },
    get(id) {
      const record = records.get(String(id));
      return record ? { ...record } : undefined;
    },
    update(id, changes) {
      const current = records.get(String(id));
      if (!current) return undefined;
      const found = problems(fields, changes, true);
      if (found.length > 0) throw new ValidationError(found.join('; '));
      const updated = { ...current, ...known(fields, changes), id: current.id };
      records.set(current.id, updated);
      return { ...updated };
    },
    remove(id) {
      return records.delete(String(id));
    },
  };
}

module.exports = { createStore, ValidationError };
`;

export const HTTP_JS = `'use strict';

const { ValidationError } = require('./store');

const MAX_BODY_BYTES = 1024 * 1024;

function sendJson(res, status, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads a JSON body; a body that is not JSON, or too big, is the client's mistake and becomes a 400. */
function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return reject(new ValidationError('the body is larger than 1 MiB'));
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new ValidationError('the body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * Serves one collection: GET and POST on \`path\`; GET, and PATCH or DELETE when the stories ask for them, on
 * \`path/:id\`. Resolves to false when the request is for another path, so the router can try the next handler.
 */
function createResourceHandler(path, store, { update = false, remove = false } = {}) {
  const itemMethods = ['GET', ...(update ? ['PATCH'] : []), ...(remove ? ['DELETE'] : [])];
  return async function handle(req, res, url) {
    if (url.pathname !== path && !url.pathname.startsWith(\`\${path}/\`)) return false;
    const rest = url.pathname.slice(path.length + 1);
    if (rest.includes('/')) return false;
    const id = rest === '' ? undefined : decodeURIComponent(rest);
    try {
      if (id === undefined) {
        if (req.method === 'GET') sendJson(res, 200, store.list());
        else if (req.method === 'POST') sendJson(res, 201, store.create(await readJson(req)));
        else notAllowed(res, ['GET', 'POST']);
        return true;
      }
      if (!itemMethods.includes(req.method)) {
        notAllowed(res, itemMethods);
        return true;
      }
      const found = req.method === 'PATCH' ? store.update(id, await readJson(req)) : store.get(id);
      if (found === undefined) sendJson(res, 404, { error: \`no record with id \${id}\` });
      else if (req.method === 'DELETE') {
        store.remove(id);
        sendJson(res, 204);
      } else sendJson(res, 200, found);
    } catch (error) {
      if (error instanceof ValidationError) sendJson(res, 400, { error: error.message });
      else sendJson(res, 500, { error: 'internal error' });
    }
    return true;
  };
}

function notAllowed(res, methods) {
  res.setHeader('allow', methods.join(', '));
  sendJson(res, 405, { error: \`use \${methods.join(', ')}\` });
}

module.exports = { createResourceHandler, sendJson };
`;
