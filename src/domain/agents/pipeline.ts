import type { Agent } from './agent';
import { analyst } from './analyst';
import { architect } from './architect';
import { developer } from './developer';
import { tester } from './tester';

/** The order work flows through the team. A fifth agent is one more entry here. */
export const PIPELINE: readonly Agent<unknown>[] = [analyst, architect, developer, tester] as Agent<unknown>[];
