import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { GraphqlProvider } from './clients-context';
import { TokenGate } from './components/TokenGate';
import { createGraphqlClients } from './graphql-client';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <TokenGate connect={() => createGraphqlClients()}>
      {(clients) => (
        <GraphqlProvider clients={clients}>
          <App />
        </GraphqlProvider>
      )}
    </TokenGate>
  </StrictMode>,
);
