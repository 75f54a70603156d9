import { z } from 'zod';
import { type Agent, clamp01, guidanceSection } from './agent';

export const sourceFileSchema = z.object({
  path: z.string().min(1),
  content: z.string(),
});

/** In a round started by a change: earlier files the change makes unnecessary (leaving a file out keeps it). */
export const deletedFilesSchema = z
  .array(z.string().min(1))
  .max(500)
  .optional()
  .describe('In a round started by a change: the paths of your earlier files the change makes unnecessary.');

export const developerOutputSchema = z.object({
  implementation_plan: z.array(z.string()),
  files: z.array(sourceFileSchema),
  api_endpoints: z.array(z.object({ method: z.string().min(1), path: z.string().min(1), handler: z.string().min(1) })),
  database_schema: z.array(
    z.object({ table: z.string().min(1), fields: z.array(z.object({ name: z.string().min(1), type: z.string().min(1) })) }),
  ),
  confidence: z.number().min(0).max(1),
  testing_notes: z.array(z.string()),
  /** Where each acceptance criterion is implemented: what proof looks for mutants in. Optional for older outputs. */
  implementations: z
    .array(z.object({ criterion_id: z.string().min(1), file: z.string().min(1), function: z.string().min(1).optional() }))
    .optional()
    .describe('For every acceptance criterion id: the file, and the function where possible, that implements it.'),
  deleted_files: deletedFilesSchema,
});

export type SourceFile = z.infer<typeof sourceFileSchema>;
export type DeveloperOutput = z.infer<typeof developerOutputSchema>;

export const developer: Agent<DeveloperOutput, 'developer'> = {
  name: 'developer',
  gives: 'implementation',
  reads: ['analysis', 'design'],
  repairsFailingTests: true,
  role: 'Software developer',
  systemPrompt: [
    'You are the developer of a small team.',
    'Implement the design as a small runnable Node.js 20 project with no dependencies to install (CommonJS, standard library only).',
    'Return every file with a relative path and its full content. Keep each module small: an in-memory store and an HTTP handler per entity.',
    'When test failures are given, fix the code so the tests pass.',
    'Report your confidence from 0 to 1. Answer with JSON only, matching the given schema.',
  ].join(' '),
  buildUserPrompt: (input) =>
    [
      `Requirements:\n${input.requirements}`,
      `User stories:\n${JSON.stringify(input.analysis?.user_stories ?? [], null, 2)}`,
      `Entities:\n${JSON.stringify(input.analysis?.entities ?? [], null, 2)}`,
      `Design:\n${JSON.stringify(input.design, null, 2)}`,
      input.testFailures ? `The last test run failed. Fix the code.\n${input.testFailures}` : '',
    ]
      .filter(Boolean)
      .join('\n\n') + guidanceSection(input),
  outputSchema: developerOutputSchema,
  judgeConfidence(output) {
    if (output.files.length === 0) return Math.min(output.confidence, 0.2);
    return clamp01(output.confidence);
  },
  summarize: (o) => `${o.files.length} files, ${o.api_endpoints.length} endpoints`,
  artifactsOf: (o) => o.files,
  deletionsOf: (o) => o.deleted_files ?? [],
};
