import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { GraphqlProvider } from './clients-context';
import { createGraphqlClients } from './graphql-client';
import './styles.css';

const clients = createGraphqlClients();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <GraphqlProvider clients={clients}>
      <App />
    </GraphqlProvider>
  </StrictMode>,
);
