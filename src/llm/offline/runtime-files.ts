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

/** A request a business rule refuses in the current state (a limit reached, a status that forbids it): 409. */
class ConflictError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A request from someone whose role may not do this: 403. */
class ForbiddenError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ForbiddenError';
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
 * the store can change a stored record without going through validation. \`managed\` fields (a status, a flag
 * the rules compute) are never taken from a client: the module sets them through \`set\`.
 */
function createStore(fields, { managed = [] } = {}) {
  const open = Object.fromEntries(Object.entries(fields).filter(([name]) => !managed.includes(name)));
  const records = new Map();
  let lastId = 0;
  function validate(input, partial = false) {
    const found = problems(open, input, partial);
    if (found.length > 0) throw new ValidationError(found.join('; '));
  }
  return {
    /** Refuses what create (or, partial, update) would refuse, so a module can check its rules on a valid record. */
    validate,
    create(input, set = {}) {
      validate(input);
      lastId += 1;
      const record = { id: String(lastId), ...known(open, input), ...set };
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
    update(id, changes, set = {}) {
      const current = records.get(String(id));
      if (!current) return undefined;
      validate(changes, true);
      const next = { ...current, ...known(open, changes) };
      // \`set\` is the values the store sets itself, or a function that checks the record a change makes and gives them.
      const updated = { ...next, ...(typeof set === 'function' ? set(next) : set), id: current.id };
      records.set(current.id, updated);
      return { ...updated };
    },
    remove(id) {
      return records.delete(String(id));
    },
  };
}

module.exports = { createStore, ValidationError, ConflictError, ForbiddenError };
`;

export const HTTP_JS = `'use strict';

const { ValidationError, ConflictError, ForbiddenError } = require('./store');

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

/** The URL segment of an action: "checkIn" is served at /:id/check-in. */
const segmentOf = (action) => action.replace(/[A-Z]/g, (c) => \`-\${c.toLowerCase()}\`);

/** The roles a request acts in, as it names them in x-role ("clerk, judge"); there is no sign-in yet. */
const rolesOf = (req) =>
  String(req.headers['x-role'] ?? '')
    .split(',')
    .map((role) => role.trim().toLowerCase())
    .filter((role) => role !== '');

/** What a request does: create, read, update, remove or an action; a guard of the module may refuse it. */
const OPERATIONS = { GET: 'read', POST: 'create', PATCH: 'update', DELETE: 'remove' };

/**
 * Serves one collection: GET and POST on \`path\`; GET, and PATCH or DELETE when the stories ask for them, on
 * \`path/:id\`; POST on \`path/:id/<action>\` for each action of its lifecycle. \`guards\` check the roles a
 * request names before an operation or action runs. Resolves to false when the request is for another path, so the
 * router can try the next handler.
 */
function createResourceHandler(path, store, { update = false, remove = false, actions = [], guards = {} } = {}) {
  const itemMethods = ['GET', ...(update ? ['PATCH'] : []), ...(remove ? ['DELETE'] : [])];
  const bySegment = new Map(actions.map((action) => [segmentOf(action), action]));
  const guard = (req, operation) => {
    if (Object.hasOwn(guards, operation)) guards[operation](rolesOf(req));
  };
  return async function handle(req, res, url) {
    if (url.pathname !== path && !url.pathname.startsWith(\`\${path}/\`)) return false;
    const rest = url.pathname.slice(path.length + 1);
    const parts = rest.split('/');
    if (parts.length > 2) return false;
    if (parts.length === 2) return act(req, res, decodeURIComponent(parts[0]), parts[1]);
    const id = rest === '' ? undefined : decodeURIComponent(rest);
    try {
      if (Object.hasOwn(OPERATIONS, req.method)) guard(req, OPERATIONS[req.method]);
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
      sendError(res, error);
    }
    return true;
  };

  async function act(req, res, id, segment) {
    const action = bySegment.get(segment);
    if (action === undefined) return false;
    if (req.method !== 'POST') {
      notAllowed(res, ['POST']);
      return true;
    }
    try {
      guard(req, action);
      const done = store[action](id);
      if (done === undefined) sendJson(res, 404, { error: \`no record with id \${id}\` });
      else sendJson(res, 200, done);
    } catch (error) {
      sendError(res, error);
    }
    return true;
  }
}

/** A refused record is the client's mistake (400); a rule that forbids it now is a conflict (409), a role that may not, 403; anything else is ours. */
function sendError(res, error) {
  if (error instanceof ValidationError) sendJson(res, 400, { error: error.message });
  else if (error instanceof ConflictError) sendJson(res, 409, { error: error.message });
  else if (error instanceof ForbiddenError) sendJson(res, 403, { error: error.message });
  else sendJson(res, 500, { error: 'internal error' });
}

function notAllowed(res, methods) {
  res.setHeader('allow', methods.join(', '));
  sendJson(res, 405, { error: \`use \${methods.join(', ')}\` });
}

module.exports = { createResourceHandler, sendJson };
`;
