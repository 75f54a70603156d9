import { RECORDING_VERBS, STATUS_VERBS } from './lexicon';
import { peopleWord, pluralPhrase, spokenName } from './naming';
import type { Reading } from './requirements-reader';

/** A kind of risk and the words of a requirement that raise it. */
interface RiskTrigger {
  words: ReadonlySet<string>;
  risk(found: string[], reading: Reading): string;
}

const set = (list: string): ReadonlySet<string> => new Set(list.split(' '));

const TRIGGERS: readonly RiskTrigger[] = [
  {
    words: set('price pay payment refund cost fee fine amount buy purchase invoice charge salary expense sale money tip'),
    risk: (found) =>
      `Money is involved (${found.join(', ')}): amounts need exact decimal handling and an audit trail; taking real payments needs a payment provider, which the first version leaves out.`,
  },
  {
    words: set('customer patient participant student employee address email phone consent guest member user volunteer driver'),
    risk: (found) =>
      `Personal data is kept (${found.join(', ')}): access control, retention and consent rules apply before real people's data goes in.`,
  },
  {
    words: new Set([...RECORDING_VERBS.keys(), 'schedule', 'window', 'slot', 'shift', 'session', 'appointment']),
    risk: () => 'Bookings can collide: two people may take the same slot at once, so overlaps must be refused and time zones agreed.',
  },
  {
    words: STATUS_VERBS,
    risk: (found, reading) =>
      `Only some people may ${found.join(' or ')}${reading.actors.length ? ` (${reading.actors.map(peopleWord).join(', ')} act here)` : ''}; without sign-in anyone could, so roles must be enforced before production use.`,
  },
  {
    words: set('remind reminder alert notify notification overdue email send sends'),
    risk: () => 'Reminders and alerts need something that runs on a schedule (a job runner or cron), which the first version does not have.',
  },
  {
    words: set('report export total count average sum percentage statistics monthly weekly daily'),
    risk: () => 'Reports computed over every record slow down as data grows; they may need indexes or totals kept up to date.',
  },
  {
    words: set('markdown comment post upload photo image file attachment message review'),
    risk: () => 'People write or upload content: it must be sanitised against script injection and uploads need size limits.',
  },
];

/** Risks raised by what the text mentions, and the ones every first version carries. */
export function findRisks(reading: Reading): string[] {
  const words = new Set(reading.sentences.flatMap((s) => s.tokens.flatMap((t) => [t.lower, t.root])));
  const risks: string[] = [];
  for (const trigger of TRIGGERS) {
    const found = [...trigger.words].filter((w) => words.has(w));
    if (found.length > 0) risks.push(trigger.risk(found.slice(0, 4), reading));
  }
  if (reading.vague.length > 0 || reading.entities.some((e) => e.guessed)) {
    risks.push('The requirements leave the main records open, so anything built now is a guess that may have to be thrown away.');
  }
  const names = reading.entities.map((e) => pluralPhrase(spokenName(e.name)));
  risks.push(`The first version keeps ${names.join(', ')} in memory: a restart loses them, so a database is needed before real use.`);
  return risks;
}
