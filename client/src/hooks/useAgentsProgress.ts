import { useMemo } from 'react';
import { gql, useQuery } from 'urql';
import { agentsProgressQuery } from '../queries';
import type { AgentProgress } from '../types';

/**
 * The agent statuses of a page of projects, by project id, in one aliased request (see agentsProgressQuery).
 * Read fresh whenever the page (its ids) changes; the project page itself is where progress is live.
 */
export function useAgentsProgress(projectIds: readonly string[]): Map<string, AgentProgress[]> | undefined {
  const key = projectIds.join(',');
  const { query, variables } = useMemo(() => {
    const ids = key ? key.split(',') : [];
    return {
      query: gql(agentsProgressQuery(ids.length)),
      variables: Object.fromEntries(ids.map((id, i) => [`p${i}`, id])),
    };
  }, [key]);
  const [{ data }] = useQuery<Record<string, AgentProgress[]>>({
    query,
    variables,
    pause: projectIds.length === 0,
    requestPolicy: 'cache-and-network',
  });
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
