import { z } from 'zod';
import { type Agent, clamp01, guidanceSection } from './agent';
import { deletedFilesSchema, sourceFileSchema } from './developer';

export const testerOutputSchema = z.object({
  test_plan: z.array(
    z.object({ story_id: z.string().min(1), criterion_id: z.string(), description: z.string().min(1) }),
  ),
  test_files: z.array(sourceFileSchema),
  test_command: z.array(z.string().min(1)).min(1),
  expected_results: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  deleted_files: deletedFilesSchema,
});

export type TesterOutput = z.infer<typeof testerOutputSchema>;

export const tester: Agent<TesterOutput, 'tester'> = {
  name: 'tester',
  gives: 'tests',
  reads: ['analysis', 'design', 'implementation'],
  provesCriteria: true,
  role: 'Test engineer',
  systemPrompt: [
    'You are the test engineer of a small team.',
    'Write automated tests with node:test and node:assert for the given code; no dependencies to install.',
    'Name each test after the acceptance criterion it proves, starting with its id (for example "S1.AC2 rejects an empty title").',
    'Return the test files with relative paths and full content, the command that runs them (as an argv array, e.g. ["node","--test"]),',
    'a test plan that maps criteria to tests, the expected results and your confidence from 0 to 1. Answer with JSON only, matching the given schema.',
  ].join(' '),
  buildUserPrompt: (input) =>
    [
      `User stories:\n${JSON.stringify(input.analysis?.user_stories ?? [], null, 2)}`,
      `API design:\n${JSON.stringify(input.design?.api_design ?? [], null, 2)}`,
      `Code:\n${(input.implementation?.files ?? []).map((f) => `--- ${f.path}\n${f.content}`).join('\n')}`,
      input.proofGaps ? `Your last tests do not prove every criterion. Improve them.\n${input.proofGaps}` : '',
    ]
      .filter(Boolean)
      .join('\n\n') + guidanceSection(input),
  outputSchema: testerOutputSchema,
  judgeConfidence(output) {
    if (output.test_files.length === 0) return Math.min(output.confidence, 0.2);
    return clamp01(output.confidence);
  },
  summarize: (o) => `${o.test_files.length} test files covering ${o.test_plan.length} criteria`,
  artifactsOf: (o) => o.test_files,
  deletionsOf: (o) => o.deleted_files ?? [],
};
