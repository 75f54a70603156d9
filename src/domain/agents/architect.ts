import { z } from 'zod';
import { type Agent, clamp01, guidanceSection } from './agent';

export const endpointSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().startsWith('/'),
  description: z.string(),
  story_ids: z.array(z.string()),
});

export const architectOutputSchema = z.object({
  architecture: z.object({ style: z.string().min(1), overview: z.string().min(1) }),
  components: z.array(
    z.object({ name: z.string().min(1), responsibility: z.string().min(1), depends_on: z.array(z.string()) }),
  ),
  tech_stack: z.array(z.object({ layer: z.string().min(1), choice: z.string().min(1), reason: z.string() })),
  api_design: z.array(endpointSchema),
  deployment_plan: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  concerns: z.array(z.string()),
});

export type ApiEndpoint = z.infer<typeof endpointSchema>;
export type ArchitectOutput = z.infer<typeof architectOutputSchema>;

export const architect: Agent<ArchitectOutput, 'architect'> = {
  name: 'architect',
  gives: 'design',
  reads: ['analysis'],
  role: 'Software architect',
  systemPrompt: [
    'You are the software architect of a small team.',
    'Design the system for the given user stories: architecture style, components and their dependencies, tech stack with reasons,',
    'an HTTP API that covers every story (cite the story ids each endpoint serves), a deployment plan and your concerns.',
    'The implementation will be a dependency-free Node.js project, so prefer the standard library.',
    'Report your confidence from 0 to 1. Answer with JSON only, matching the given schema.',
  ].join(' '),
  buildUserPrompt: (input) =>
    `Requirements:\n${input.requirements}\n\nAnalysis:\n${JSON.stringify(input.analysis, null, 2)}${guidanceSection(input)}`,
  outputSchema: architectOutputSchema,
  judgeConfidence(output) {
    if (output.components.length === 0 || output.api_design.length === 0) return Math.min(output.confidence, 0.4);
    return clamp01(output.confidence);
  },
  summarize: (o) => `${o.architecture.style}: ${o.components.length} components, ${o.api_design.length} endpoints`,
};
