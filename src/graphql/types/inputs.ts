import { IsEnum, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { AgentNameEnum } from './agent-type';

const NOT_BLANK = /\S/;

@InputType({ description: 'What a person types to start a project.' })
export class CreateProjectInput {
  @Field({ description: '1 to 200 characters.' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name: string;

  @Field({ description: 'The product requirements, 1 to 20,000 characters.' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'requirements must not be empty' })
  @MaxLength(20000, { message: 'requirements must be at most 20000 characters' })
  requirements: string;

  @Field(() => Float, { nullable: true, description: 'Dollars the project may spend on model calls before a person is asked (default: BOTARMY_BUDGET_USD, or no limit).' })
  @IsOptional()
  @IsNumber({}, { message: 'budgetUsd must be a number' })
  @Min(0.000001, { message: 'budgetUsd must be more than 0' })
  @Max(1_000_000, { message: 'budgetUsd must be at most 1000000' })
  budgetUsd?: number | null;

  @Field(() => String, { nullable: true, description: "The model that answers this project's agents (default: the server's); refused when the server has no model, only the offline rule engine." })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'model must not be empty' })
  @MaxLength(200, { message: 'model must be at most 200 characters' })
  model?: string | null;

  @Field(() => Float, { nullable: true, description: 'Below this confidence an agent asks a person (0 to 1, default 0.7).' })
  @IsOptional()
  @IsNumber({}, { message: 'confidenceThreshold must be a number' })
  @Min(0, { message: 'confidenceThreshold must be between 0 and 1' })
  @Max(1, { message: 'confidenceThreshold must be between 0 and 1' })
  confidenceThreshold?: number | null;

  @Field(() => Int, { nullable: true, description: 'Attempts per agent step before a person is asked (1 to 10, default 3).' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'maxAttempts must be between 1 and 10' })
  @Max(10, { message: 'maxAttempts must be between 1 and 10' })
  maxAttempts?: number | null;

  @Field(() => Int, { nullable: true, description: 'Tokens the project may use before a person is asked (default: no limit).' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'tokenBudget must be at least 1' })
  tokenBudget?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Times the tester is asked again for acceptance criteria its tests do not prove, before a person is asked (0 to 10, default 2).',
  })
  @IsOptional()
  @IsInt({ message: 'proofRounds must be a whole number' })
  @Min(0, { message: 'proofRounds must be between 0 and 10' })
  @Max(10, { message: 'proofRounds must be between 0 and 10' })
  proofRounds?: number | null;

  @Field(() => Int, { nullable: true, description: 'Time budget of one mutation run, in milliseconds (1,000 to 3,600,000, default 60,000).' })
  @IsOptional()
  @IsInt({ message: 'mutationBudgetMs must be a whole number' })
  @Min(1000, { message: 'mutationBudgetMs must be between 1000 and 3600000' })
  @Max(3_600_000, { message: 'mutationBudgetMs must be between 1000 and 3600000' })
  mutationBudgetMs?: number | null;

  @Field(() => [AgentNameEnum], { nullable: true, description: 'Agents to pause before, so a person can read and edit the work so far and resume.' })
  @IsOptional()
  @IsEnum(AgentNameEnum, { each: true, message: 'breakpoints must be agent names' })
  breakpoints?: AgentNameEnum[] | null;
}

@InputType({ description: 'A file of the workspace written by hand.' })
export class EditFileInput {
  @Field(() => ID)
  @IsString()
  @MinLength(1, { message: 'projectId must not be empty' })
  projectId: string;

  @Field({ description: 'Relative to the workspace, like src/app.js.' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'path must not be empty' })
  @MaxLength(1024, { message: 'path must be at most 1024 characters' })
  path: string;

  @Field({ description: "The file's whole new content (within the server's file size limit)." })
  @IsString()
  content: string;
}

@InputType({ description: 'A change asked for on a project that ended: it starts the next round.' })
export class RequestChangeInput {
  @Field(() => ID)
  @IsString()
  @MinLength(1, { message: 'projectId must not be empty' })
  projectId: string;

  @Field({ description: 'What should change, in the words of a person: "add a search by author", 1 to 20,000 characters.' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'text must not be empty' })
  @MaxLength(20000, { message: 'text must be at most 20000 characters' })
  text: string;
}

@InputType({ description: "Run an agent's step again, and every step after it." })
export class RetryStepInput {
  @Field(() => ID)
  @IsString()
  @MinLength(1, { message: 'projectId must not be empty' })
  projectId: string;

  @Field(() => AgentNameEnum)
  @IsEnum(AgentNameEnum)
  agent: AgentNameEnum;

  @Field(() => String, { nullable: true, description: "Guidance added to the agent's prompt." })
  @IsOptional()
  @IsString()
  @MaxLength(20000, { message: 'guidance must be at most 20000 characters' })
  guidance?: string | null;
}

@InputType({ description: 'An answer to a pending action: pick one of its options, write a response, or both.' })
export class RespondToActionInput {
  @Field(() => ID)
  @IsString()
  @MinLength(1, { message: 'actionId must not be empty' })
  actionId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'optionId must be at most 200 characters' })
  optionId?: string | null;

  @Field(() => String, { nullable: true, description: "Free text: guidance for the agent, or what the chosen option asks for (see the option's `asks`)." })
  @IsOptional()
  @IsString()
  @MaxLength(20000, { message: 'response must be at most 20000 characters' })
  response?: string | null;

  @Field(() => Float, { nullable: true, description: 'With an option that grants dollars: how many (default: the amount it offers).' })
  @IsOptional()
  @IsNumber({}, { message: 'grantUsd must be a number' })
  @Min(0.000001, { message: 'grantUsd must be more than 0' })
  grantUsd?: number | null;

  @Field(() => Int, { nullable: true, description: 'With an option that grants tokens: how many (default: the amount it offers).' })
  @IsOptional()
  @IsInt({ message: 'grantTokens must be a whole number' })
  @Min(1, { message: 'grantTokens must be at least 1' })
  grantTokens?: number | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: '1 to 200.' })
  @IsInt()
  @Min(1, { message: 'first must be at least 1' })
  @Max(200, { message: 'first must be at most 200' })
  first: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  after?: string | null;
}
