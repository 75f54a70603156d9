import { CreateEventLog1764000000000 } from './1764000000000-create-event-log';
import { CreateReadModels1764000000001 } from './1764000000001-create-read-models';
import { CreateAgentReadModel1764000000002 } from './1764000000002-create-agent-read-model';
import { CreateArtifactReadModels1764000000003 } from './1764000000003-create-artifact-read-models';
import { CreateProofReadModels1764000000004 } from './1764000000004-create-proof-read-models';
import { AddForkOrigin1764000000005 } from './1764000000005-add-fork-origin';
import { AddAnswerDetails1764000000006 } from './1764000000006-add-answer-details';
import { AddPausedBefore1764000000007 } from './1764000000007-add-paused-before';
import { AddCosts1764000000008 } from './1764000000008-add-costs';
import { CreateEndpointModes1764000000009 } from './1764000000009-create-endpoint-modes';
import { AddRound1764000000010 } from './1764000000010-add-round';
import { FileContentsFromTheLog1764000000011 } from './1764000000011-file-contents-from-the-log';
import { SpecFromTheLog1764000000012 } from './1764000000012-spec-from-the-log';
import { SentMessageDataFromTheLog1764000000013 } from './1764000000013-sent-message-data-from-the-log';

/** Every migration, oldest first. Listed explicitly so the same code runs from TypeScript (tests) and from dist/. */
export const MIGRATIONS = [CreateEventLog1764000000000, CreateReadModels1764000000001, CreateAgentReadModel1764000000002, CreateArtifactReadModels1764000000003, CreateProofReadModels1764000000004, AddForkOrigin1764000000005, AddAnswerDetails1764000000006, AddPausedBefore1764000000007, AddCosts1764000000008, CreateEndpointModes1764000000009, AddRound1764000000010, FileContentsFromTheLog1764000000011, SpecFromTheLog1764000000012, SentMessageDataFromTheLog1764000000013];
