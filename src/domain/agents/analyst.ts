import { z } from 'zod';
import { type Agent, clamp01, guidanceSection } from './agent';

const acceptanceCriterion = z.object({
  id: z.string().regex(/^S\d+\.AC\d+$/, 'acceptance criterion ids look like S1.AC1'),
  text: z.string().min(1),
});

export const userStorySchema = z.object({
  id: z.string().regex(/^S\d+$/, 'story ids look like S1'),
  title: z.string().min(1),
  as_a: z.string().min(1),
  i_want: z.string().min(1),
  so_that: z.string().min(1),
  priority: z.enum(['must', 'should', 'could']),
  acceptance_criteria: z.array(acceptanceCriterion).min(1),
});

export const entitySchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  fields: z.array(z.object({ name: z.string().min(1), type: z.enum(['string', 'number', 'boolean', 'date', 'id']) })),
});

export const analystOutputSchema = z.object({
  analysis: z.string().min(1),
  user_stories: z.array(userStorySchema),
  entities: z.array(entitySchema),
  risks: z.array(z.string()),
  success_metrics: z.array(z.string()),
  open_questions: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  next_steps: z.array(z.string()),
  /** In a round started by a change: the ids of earlier stories the change removes, on purpose. */
  removed_stories: z.array(z.string().regex(/^S\d+$/, 'story ids look like S1')).optional(),
});

export type UserStory = z.infer<typeof userStorySchema>;
export type DomainEntity = z.infer<typeof entitySchema>;
export type AnalystOutput = z.infer<typeof analystOutputSchema>;

export const analyst: Agent<AnalystOutput, 'analyst'> = {
  name: 'analyst',
  gives: 'analysis',
  reads: [],
  role: 'Business analyst',
  systemPrompt: [
    'You are the business analyst of a small software team.',
    'Turn the requirements into user stories with testable acceptance criteria.',
    'Give every story a stable id (S1, S2, …) and every criterion an id under its story (S1.AC1, S1.AC2, …).',
    'List the domain entities with their fields, the risks, success metrics and open questions.',
    'Report your confidence from 0 to 1: below 0.7 when the requirements are too vague to build from without guessing.',
    'Answer with JSON only, matching the given schema.',
  ].join(' '),
  buildUserPrompt: (input) => `Requirements:\n${input.requirements}${guidanceSection(input)}`,
  outputSchema: analystOutputSchema,
  judgeConfidence(output) {
    // Stories without entities, or no stories at all, cannot be designed from, whatever the model claims.
    if (output.user_stories.length === 0) return Math.min(output.confidence, 0.3);
    if (output.entities.length === 0) return Math.min(output.confidence, 0.5);
    return clamp01(output.confidence);
  },
  summarize: (o) => `${o.user_stories.length} user stories, ${o.entities.length} entities, ${o.open_questions.length} open questions`,
  problemsWith(output, input) {
    // A round amends the stories before it: each stays under its id, or is named as removed. A story that silently
    // disappears would take its tests' meaning with it.
    const earlier = (input.earlier as AnalystOutput | undefined)?.user_stories ?? [];
    const kept = new Set([...output.user_stories.map((s) => s.id), ...(output.removed_stories ?? [])]);
    const dropped = earlier.filter((s) => !kept.has(s.id)).map((s) => `${s.id} (${s.title})`);
    return dropped.length ? [`user_stories: the stories ${dropped.join(', ')} of the round before are missing: keep each under its id, or list its id in removed_stories`] : [];
  },
};
