import { analyst } from './analyst';
import { architect } from './architect';
import { developer } from './developer';
import { tester } from './tester';

/** The agents, in the order work flows through them. A fifth agent is one file and one more entry here. */
export const TEAM = [analyst, architect, developer, tester] as const;
