import pluralize from 'pluralize';
import { POSSESSION_VERBS, RECORDING_VERBS, endsRecord, verbClass } from './lexicon';
import type { ReadEntity, Reading } from './requirements-reader';
import type { StoryDraft } from './story-writer';
import { DEFAULT_ACTOR } from './naming';
import { sentenceText } from './sentence-text';
import { statusRoute } from './status-route';
import { infinitiveOf, infinitiveOfGerund, participleOf } from './verb-forms';

/** One action of a record's lifecycle: its verb, the status it leaves the record in and the statuses it starts from. */
export interface LifecycleAction {
  verb: string;
  to: string;
  from: string[];
  actor: string;
  /** The story that asks for it, when a clause does. */
  draft?: StoryDraft;
}

/** The statuses a record moves through and the actions that move it, as far as the text tells. */
export interface Lifecycle {
  entity: ReadEntity;
  /** The status a new record starts in first. */
  statuses: string[];
  actions: LifecycleAction[];
}

/**
 * Verbs that change a record's fields or remove it rather than move it to a new state: they stay plain updates
 * and deletions. Every other verb that changes or ends a record ("approve", "return", "cancel") is an action with a
 * status of its own.
 */
const EDITING_VERBS = new Set(['update', 'edit', 'change', 'modify', 'rename', 'adjust', 'correct', 'reorder', 'move', 'mark', 'set', 'rank', 'grade', 'transfer', 'delete', 'remove', 'erase', 'discard', 'deactivate', 'handle', 'process', 'upgrade', 'extend', 'validate', 'verify', 'moderate']);
/** Verbs that only make a record; a record made by one of them starts "open" rather than in the verb's state. */
const MAKING_VERBS = new Set(['add', 'create', 'make', 'enter', 'write', 'keep', 'store', 'save', 'build', 'define', 'capture', 'manage', 'record', 'set', 'post', 'upload', 'list', 'have']);
const DEFAULT_STATUS = 'open';
/** A status: up to three words, none of them the conjunction that ends the list ("in progress"). */
const STATUS_ITEM = '(?!or\\b|and\\b|then\\b)[a-z]+(?: (?!or\\b|and\\b|then\\b)[a-z]+){0,2}';
/** The words that introduce a record's statuses ("can be proposed, accepted or declined", "goes through new, packed and shipped"). */
const STATUS_LIST = new RegExp(
  `\\b(?:can be|may be|is either|are either|moves? through|goes through|go through|pass(?:es)? through|has a status of|have a status of)\\s+(${STATUS_ITEM}(?:,\\s*${STATUS_ITEM})*?,?\\s+(?:or|and|then)\\s+${STATUS_ITEM})`,
);
/** "Orders are packed, then shipped, then delivered": a sequence of states, each an act on the record as it stands. */
const STATUS_SEQUENCE = new RegExp(`\\b(?:is|are)\\s+(${STATUS_ITEM}(?:,\\s*(?:then\\s+)?${STATUS_ITEM})*,?\\s+(?:and\\s+)?then\\s+${STATUS_ITEM})`);
const isActionVerb = (verb: string): boolean => {
  const cls = verbClass(verb);
  return (cls === 'update' || cls === 'remove') && !EDITING_VERBS.has(verb.split(' ')[0]);
};

/** Where the text last names the record, or -1. */
function lastMention(text: string, e: ReadEntity): number {
  const names = [pluralize.plural(e.key), e.key].map((n) => n.replace(/ /g, '[\\s-]+'));
  const all = [...text.matchAll(new RegExp(`\\b(${names.join('|')})\\b`, 'g'))];
  return all.length > 0 ? (all[all.length - 1].index ?? -1) : -1;
}

/** "A claim can be filed, reviewed, settled or withdrawn": the statuses in the order the text gives them. */
function listedStatuses(reading: Reading, e: ReadEntity): { items: string[]; sequence: boolean; route: boolean } | undefined {
  let earlier = '';
  for (const s of reading.sentences) {
    const text = sentenceText(s).toLowerCase();
    const route = statusRoute(text);
    // "Status goes draft to sent." names no record: the statuses are those of the record named last before it.
    if (route && (ownerOf(reading, text, route.at) ?? ownerOf(reading, earlier, earlier.length)) === e) return { items: route.states, sequence: true, route: true };
    earlier = `${earlier} ${text}`;
    const alternatives = STATUS_LIST.exec(text);
    const m = alternatives ?? STATUS_SEQUENCE.exec(text);
    if (!m) continue;
    // "members apply for flats; an application can be …": the statuses are the application's, named last before them.
    const before = text.slice(0, m.index);
    const last = (x: ReadEntity): number => lastMention(before, x);
    const owner = [...reading.entities].sort((a, b) => last(b) - last(a))[0];
    if (owner !== e || last(e) < 0) continue;
    // "accepted or rejected by the seller": a status ends where a preposition starts what follows it.
    const items = m[1]
      .split(/\s*,\s*|\s+(?:or|and|then)\s+/)
      .map((x) => x.replace(/^then\s+/, '').split(/\s+(?:by|for|from|to|at|with|before|after|until|when|if|on)\b/)[0].trim())
      .filter(Boolean);
    const participles = items.filter((x) => infinitiveOf(x) !== undefined);
    // "goes through new, on hold and shipped" names statuses whatever their words; "can be" needs verbs.
    // A sequence ("are packed, then shipped") needs every state to be a participle.
    const sequence = alternatives === null;
    const named = /through|status/.test(m[0]) ? participles.length >= 1 && items.length >= 3 : sequence ? participles.length === items.length : participles.length >= 2;
    if (items.length >= 2 && named) return { items, sequence, route: false };
  }
  return undefined;
}

/**
 * Whose states a sentence lists: the record named last before them, or else ("Status goes draft to sent; a sent order
 * …") the first named after.
 */
function ownerOf(reading: Reading, text: string, at: number): ReadEntity | undefined {
  const before = text.slice(0, at);
  const last = (x: ReadEntity): number => lastMention(before, x);
  const named = [...reading.entities].filter((x) => last(x) >= 0).sort((a, b) => last(b) - last(a))[0];
  if (named) return named;
  const first = (x: ReadEntity): number => text.slice(at).search(new RegExp(`\\b(?:${pluralize.plural(x.key)}|${x.key})\\b`));
  return [...reading.entities].filter((x) => first(x) >= 0).sort((a, b) => first(a) - first(b))[0];
}

/**
 * The act that puts a record in a state: the verb of a participle ("shipped": ship), of a gerund ("printing": print),
 * or else marking it so ("ready": mark ready).
 */
function actOf(status: string): string {
  const single = status.includes(' ') ? undefined : status;
  return (single && (infinitiveOf(single) ?? infinitiveOfGerund(single))) ?? `mark ${status}`;
}

function initialStatus(e: ReadEntity, drafts: readonly StoryDraft[]): string {
  // The first story that makes it decides; holding it ("a courier can carry 4 jobs") makes nothing.
  const maker = drafts.find((d) => d.kind === 'create' && d.acted && d.entities[0] === e && !d.supporting && d.verbs[0] && !POSSESSION_VERBS.has(d.verbs[0]));
  return maker && !MAKING_VERBS.has(maker.verbs[0]) ? participleOf(maker.verbs[0]) : DEFAULT_STATUS;
}

interface AskedAction {
  verb: string;
  draft?: StoryDraft;
  order: number;
}

/**
 * "A kayak that is rented cannot be rented again until it is brought back": a condition names the action that
 * ends the record a verb makes (the rental), even when no clause asks for it on its own.
 */
function impliedActions(reading: Reading, e: ReadEntity): AskedAction[] {
  const makers = [...RECORDING_VERBS.entries()].filter(([, noun]) => noun === e.key).map(([verb]) => verb);
  if (makers.length === 0) return [];
  return reading.sentences.flatMap((s, order) => {
    const text = sentenceText(s).toLowerCase();
    const until = /\buntil (?:it is|they are|it has been|they have been) ([a-z]+)/.exec(text);
    const verb = until && infinitiveOf(until[1]);
    const made = makers.some((m) => new RegExp(`\\b${m}(?:s|ed|ing)?\\b`).test(text));
    return verb && made && isActionVerb(verb) ? [{ verb, order }] : [];
  });
}

/** The actions the stories ask of a record, in the order the text names them. */
function actionDrafts(reading: Reading, e: ReadEntity, drafts: readonly StoryDraft[]): AskedAction[] {
  const asked = drafts
    .filter((d) => d.entities[0] === e && !d.supporting && d.acted && (d.kind === 'update' || d.kind === 'remove'))
    .flatMap((d) => d.verbs.filter((v) => d.setsState || isActionVerb(v)).map((verb) => ({ verb, draft: d, order: d.sentence ?? 0 })));
  const implied = impliedActions(reading, e).filter((a) => !asked.some((b) => b.verb === a.verb));
  return [...asked, ...implied].sort((a, b) => a.order - b.order);
}

function lifecycleOf(reading: Reading, e: ReadEntity, drafts: readonly StoryDraft[]): Lifecycle | undefined {
  const found = listedStatuses(reading, e);
  const asked = actionDrafts(reading, e, drafts);
  if (found) {
    const { items: listed, sequence, route } = found;
    // "can be accepted or rejected" lists outcomes only: the record starts in the state its making leaves it in.
    // Outcomes are alternatives: each is reached from the start, not from one another. A sequence said with "then"
    // starts there too, and each state is reached from the one before it.
    const first = infinitiveOf(listed[0].split(' ')[0]);
    const outcomes = !sequence && first !== undefined && isActionVerb(first);
    // A route starts where it says; its first state is where the record is made.
    if (!route && (outcomes || sequence)) {
      // A sequence's own first act ("cakes are baked, then iced") is no making of the record.
      const start = initialStatus(e, drafts);
      listed.unshift(sequence && listed.includes(start) ? DEFAULT_STATUS : start);
    }
    const actions = listed.slice(1).flatMap((status, i): LifecycleAction[] => {
      const verb = route ? actOf(status) : infinitiveOf(status.split(' ')[0]);
      if (!verb) return [];
      const draft = asked.find((a) => a.verb === verb)?.draft;
      const from = sequence ? [listed[i]] : outcomes ? [listed[0]] : listed.slice(0, i + 1);
      return [{ verb, to: status, from, actor: draft?.actor ?? DEFAULT_ACTOR, draft }];
    });
    // "a customer may cancel a job": an act the text asks for besides the route leaves it from any state but its end.
    if (route) {
      const unended = listed.slice(0, -1);
      for (const a of asked) {
        if (actions.some((x) => x.verb === a.verb)) continue;
        const to = participleOf(a.verb);
        if (!listed.includes(to)) listed.push(to);
        actions.push({ verb: a.verb, to, from: unended, actor: a.draft?.actor ?? DEFAULT_ACTOR, draft: a.draft });
      }
    }
    return actions.length > 0 ? { entity: e, statuses: listed, actions } : undefined;
  }
  if (asked.length === 0) return undefined;
  const initial = initialStatus(e, drafts);
  const actions: LifecycleAction[] = [];
  for (const a of asked) {
    const to = participleOf(a.verb);
    if (to === initial || actions.some((x) => x.verb === a.verb)) continue;
    // Actions named in an earlier sentence lead to states the later ones can start from ("renew", then "return"),
    // unless they end the record ("cancel" before "complete").
    const earlier = asked.filter((b) => b.order < a.order && !endsRecord(b.verb)).map((b) => participleOf(b.verb)).filter((s) => s !== to);
    const actor = a.draft?.actor ?? drafts.find((d) => d.entities[0] === e && d.kind === 'create')?.actor ?? DEFAULT_ACTOR;
    // "check visitors in and out": out follows in; "mark it printed, then collected": collected follows printed.
    const [head, particle] = a.verb.split(' ');
    const paired = particle === 'out' ? asked.find((b) => b.verb === `${head} in`) : a.draft?.after ? asked.find((b) => b.verb === a.draft?.after) : undefined;
    actions.push({ verb: a.verb, to, from: paired ? [participleOf(paired.verb)] : [...new Set([initial, ...earlier])], actor, draft: a.draft });
  }
  return actions.length > 0 ? { entity: e, statuses: [initial, ...actions.map((a) => a.to)], actions } : undefined;
}

/** The lifecycle of every record the text moves between states. */
export function readLifecycles(reading: Reading, drafts: readonly StoryDraft[]): Lifecycle[] {
  return reading.entities.map((e) => lifecycleOf(reading, e, drafts)).filter((l): l is Lifecycle => l !== undefined);
}
