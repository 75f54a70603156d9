import { CONVERSATION_EVENTS } from '../../client/src/conversation-events';
import { messageProjection } from '../../src/projections/message-projection';

describe("the dashboard's conversation events", () => {
  it('are exactly the event types the message projection makes messages from', () => {
    expect([...CONVERSATION_EVENTS].sort()).toEqual(Object.keys(messageProjection.handlers).sort());
  });
});
