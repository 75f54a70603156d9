import { useEffect, useMemo } from 'react';
import { gql, useQuery } from 'urql';
import { agentsProgressQuery } from '../queries';
import type { AgentProgress } from '../types';

/**
 * The agent statuses of a page of projects, by project id, in one aliased request (see agentsProgressQuery).
 * Read fresh whenever the page (its ids) changes or `refreshToken` moves (the list saw a project change).
 */
export function useAgentsProgress(projectIds: readonly string[], refreshToken = 0): Map<string, AgentProgress[]> | undefined {
  const key = projectIds.join(',');
  const { query, variables } = useMemo(() => {
    const ids = key ? key.split(',') : [];
    return {
      query: gql(agentsProgressQuery(ids.length)),
      variables: Object.fromEntries(ids.map((id, i) => [`p${i}`, id])),
    };
  }, [key]);
  const [{ data }, reexecute] = useQuery<Record<string, AgentProgress[]>>({
    query,
    variables,
    pause: projectIds.length === 0,
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (refreshToken > 0 && projectIds.length > 0) reexecute({ requestPolicy: 'network-only' });
    // Only a new token asks again; a new page of ids is a new query already.
  }, [refreshToken, reexecute]);
  return useMemo(() => {
    if (!data) return undefined;
    const byId = new Map<string, AgentProgress[]>();
    key.split(',').forEach((id, i) => {
      const agents = data[`p${i}`];
      if (agents) byId.set(id, agents);
    });
    return byId;
  }, [data, key]);
}
