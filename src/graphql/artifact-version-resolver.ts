import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { compareText } from '../history/compare-projects';
import type { GraphQLContext } from './context';
import { ArtifactVersionType } from './types/artifact-type';

@Resolver(() => ArtifactVersionType)
export class ArtifactVersionResolver {
  @FieldResolver(() => String, {
    description: 'What this version changed: a unified diff from the version before it (version 1 against /dev/null); empty when it is the same.',
  })
  async diff(@Root() version: ArtifactVersionType & { projectId: string }, @Ctx() { services }: GraphQLContext): Promise<string> {
    const before = version.version > 1 ? await services.queries.artifactVersion(version.projectId, version.path, version.version - 1) : null;
    return compareText(version.path, before?.content ?? null, version.content).diff;
  }
}
