import { createHash } from 'node:crypto';
import type { ChatMessage } from '../domain/agents/agent';
import { canonicalJson } from '../events/canonical-json';

/** Identifies a request by what the model would see, so a replay can match recorded answers to today's requests. */
export function requestHash(request: { model: string; schemaName: string; messages: ChatMessage[] }): string {
  return createHash('sha256')
    .update(canonicalJson({ model: request.model, schemaName: request.schemaName, messages: request.messages }))
    .digest('hex');
}
