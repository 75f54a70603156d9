import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import type { ConnectionState, GraphqlClients } from './graphql-client';

const ClientsContext = createContext<GraphqlClients | null>(null);

/** Makes the urql client, the raw graphql-ws client and the connection state available below. */
export function GraphqlProvider({ clients, children }: { clients: GraphqlClients; children: ReactNode }) {
  return (
    <ClientsContext.Provider value={clients}>
      <UrqlProvider value={clients.urql}>{children}</UrqlProvider>
    </ClientsContext.Provider>
  );
}

export function useGraphqlClients(): GraphqlClients {
  const clients = useContext(ClientsContext);
  if (!clients) throw new Error('useGraphqlClients must be used inside <GraphqlProvider>');
  return clients;
}

/** The live socket's state: connecting, connected, reconnecting or disconnected. */
export function useConnection(): ConnectionState {
  const { connection } = useGraphqlClients();
  return useSyncExternalStore(connection.subscribe, connection.getSnapshot);
}
