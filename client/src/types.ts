// TypeScript shapes of the GraphQL schema the dashboard reads (the server's contract).
// DateTimeISO values arrive as ISO-8601 strings; JSON values as parsed JSON.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const PROJECT_STATUSES = ['ACTIVE', 'WAITING', 'COMPLETED', 'CANCELLED', 'FAILED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const ACTION_PRIORITIES = ['URGENT', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type ActionPriority = (typeof ACTION_PRIORITIES)[number];

export type ActionStatus = 'PENDING' | 'RESOLVED' | 'CANCELLED';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Project {
  id: string;
  name: string;
  requirements: string;
  status: ProjectStatus;
  version: number;
  confidenceThreshold: number;
  createdAt: string;
  updatedAt: string;
}

export type ProjectSummary = Pick<Project, 'id' | 'name' | 'status' | 'version' | 'createdAt' | 'updatedAt'>;

export interface ProjectConnection {
  nodes: ProjectSummary[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface Message {
  id: string;
  projectId: string;
  fromAgent: string;
  toAgent: string;
  type: string;
  content: string;
  data: Json | null;
  status: string;
  confidence: number | null;
  thread: string;
  attempt: number;
  createdAt: string;
  streamVersion: number;
}

export interface MessageConnection {
  nodes: Message[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface ActionOption {
  id: string;
  label: string;
  description: string | null;
}

export interface Action {
  id: string;
  projectId: string;
  title: string;
  description: string;
  priority: ActionPriority;
  status: ActionStatus;
  agent: string | null;
  options: ActionOption[];
  chosenOptionId: string | null;
  response: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

export interface ProjectEvent {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: Json;
  metadata: Json;
  recordedAt: string;
}
