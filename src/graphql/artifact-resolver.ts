import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from './context';
import { ArtifactType, ArtifactVersionType, TestRunType } from './types/artifact-type';
import { badInput, notFound } from './user-errors';

@Resolver()
export class ArtifactResolver {
  @Query(() => [ArtifactType], { description: "The project's files at their latest versions, by path." })
  async artifacts(@Arg('projectId', () => ID) projectId: string, @Ctx() { services }: GraphQLContext): Promise<ArtifactType[]> {
    if (!(await services.queries.project(projectId))) throw notFound('project', projectId, 'projectId');
    return (await services.queries.artifacts(projectId)).map(ArtifactType.from);
  }

  @Query(() => ArtifactVersionType, { description: 'One file with its content: the latest version, or the one asked for.' })
  async artifact(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('path') path: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() { services }: GraphQLContext,
  ): Promise<ArtifactVersionType> {
    if (version !== null && version < 1) throw badInput('version', 'version must be 1 or more');
    if (!(await services.queries.project(projectId))) throw notFound('project', projectId, 'projectId');
    const row = await services.queries.artifactVersion(projectId, path, version ?? undefined);
    if (!row) throw notFound('artifact', version ? `${path}@${version}` : path, 'path');
    return ArtifactVersionType.from(row);
  }

  @Query(() => [ArtifactVersionType], { description: 'Every version of one file, oldest first (content included).' })
  async artifactHistory(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('path') path: string,
    @Ctx() { services }: GraphQLContext,
  ): Promise<ArtifactVersionType[]> {
    if (!(await services.queries.project(projectId))) throw notFound('project', projectId, 'projectId');
    return (await services.queries.artifactHistory(projectId, path)).map(ArtifactVersionType.from);
  }

  @Query(() => [TestRunType], { description: 'Every test run of the project, in order.' })
  async testRuns(@Arg('projectId', () => ID) projectId: string, @Ctx() { services }: GraphQLContext): Promise<TestRunType[]> {
    if (!(await services.queries.project(projectId))) throw notFound('project', projectId, 'projectId');
    return (await services.queries.testRuns(projectId)).map(TestRunType.from);
  }
}
