import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CriterionProof } from '../../domain/proof';
import type { Mutant } from '../../events/catalog';
import type { Coverage, StoryProof, VersionedProof } from '../../projections/coverage-projection';

export enum CriterionStatusEnum {
  PROVEN = 'proven',
  WEAK = 'weak',
  FAILING = 'failing',
  UNTESTED = 'untested',
  ACCEPTED = 'accepted',
}
registerEnumType(CriterionStatusEnum, {
  name: 'CriterionStatus',
  description:
    'PROVEN: a passing test citing it killed a mutant in its code; WEAK: cited by passing tests that kill nothing in its code; ' +
    'FAILING: a test citing it fails; UNTESTED: no test cites it; ACCEPTED: a person accepted it as open.',
});

@ObjectType('CodeLocation', { description: 'Where the developer says a criterion is implemented.' })
export class CodeLocation {
  @Field() file: string;
  @Field(() => String, { nullable: true, description: 'The function, or null for the whole file.' }) function: string | null;
}

@ObjectType('CitingTest', { description: "A test whose name starts with the criterion's id, and its outcome in the last run." })
export class CitingTest {
  @Field() name: string;
  @Field() ok: boolean;
  @Field({ description: "It killed a mutant inside the criterion's code." }) proving: boolean;
}

@ObjectType('Mutant', { description: 'A small change to the generated code, and what the tests did to it.' })
export class MutantType {
  @Field() id: string;
  @Field() file: string;
  @Field(() => Int) line: number;
  @Field(() => Int) column: number;
  @Field(() => String, { nullable: true }) functionName: string | null;
  @Field() mutator: string;
  @Field({ description: 'The code before the change (cut after 200 characters).' }) original: string;
  @Field({ description: 'The code after the change (cut after 200 characters).' }) replacement: string;
  @Field({ description: 'killed, survived, timeout or error' }) status: string;

  static from(m: Mutant): MutantType {
    return Object.assign(new MutantType(), {
      id: m.id,
      file: m.file,
      line: m.line,
      column: m.column,
      functionName: m.functionName,
      mutator: m.mutator,
      original: m.original,
      replacement: m.replacement,
      status: m.status,
    });
  }
}

@ObjectType('CriterionCoverage', { description: 'One acceptance criterion and the evidence that it is done.' })
export class CriterionCoverage {
  @Field() criterionId: string;
  @Field() text: string;
  @Field(() => Int, { description: 'How many texts the criterion has had under its id: a change that rewords it (a limit raised) makes a new version.' })
  version: number;
  @Field(() => CriterionStatusEnum) status: CriterionStatusEnum;
  @Field(() => [CodeLocation]) implementedIn: CodeLocation[];
  @Field(() => [CitingTest]) tests: CitingTest[];
  @Field(() => [MutantType], { description: "Mutants inside the criterion's code that no test killed." }) survivingMutants: MutantType[];
  @Field(() => String, { nullable: true, description: "The person's words, when they accepted the criterion as open." })
  acceptedWith: string | null;

  static from(p: VersionedProof): CriterionCoverage {
    return Object.assign(new CriterionCoverage(), {
      criterionId: p.criterionId,
      text: p.text,
      version: p.version,
      status: p.status as CriterionStatusEnum,
      implementedIn: p.implementedIn.map((i) => Object.assign(new CodeLocation(), i)),
      tests: p.tests.map((t) => Object.assign(new CitingTest(), { ...t, proving: p.provingTests.includes(t.name) })),
      survivingMutants: p.survivingMutants.map(MutantType.from),
      acceptedWith: p.acceptedWith,
    });
  }
}

@ObjectType('StoryCoverage')
export class StoryCoverage {
  @Field() storyId: string;
  @Field() title: string;
  @Field(() => [CriterionCoverage]) criteria: CriterionCoverage[];

  static from(s: StoryProof): StoryCoverage {
    return Object.assign(new StoryCoverage(), { storyId: s.storyId, title: s.title, criteria: s.criteria.map(CriterionCoverage.from) });
  }
}

@ObjectType('Coverage', { description: "How far the analyst's acceptance criteria are proven by tests that would catch a bug." })
export class CoverageType {
  @Field(() => ID) projectId: string;
  @Field({ description: '"12 of 15 criteria proven, mutation score 78%"' }) summary: string;
  @Field(() => Int) total: number;
  @Field(() => Int) proven: number;
  @Field(() => Int) weak: number;
  @Field(() => Int) failing: number;
  @Field(() => Int) untested: number;
  @Field(() => Int) accepted: number;
  @Field(() => Float, { nullable: true, description: 'Killed mutants over those run, in percent (0–100); null when none ran since the last test run.' })
  mutationScore: number | null;
  @Field(() => [StoryCoverage]) stories: StoryCoverage[];

  static from(c: Coverage): CoverageType {
    return Object.assign(new CoverageType(), {
      projectId: c.projectId,
      summary: c.summary,
      total: c.total,
      ...c.counts,
      mutationScore: c.mutationScore,
      stories: c.stories.map(StoryCoverage.from),
    });
  }
}
