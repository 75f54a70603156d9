import { decideClaim, drivenElsewhere } from '../../src/domain/work-claim';
import { foldWorkflow } from '../../src/domain/workflow';
import { SETTINGS, streamOf } from '../support/event-factory';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const LEASE = 60_000;

/** given these events → when an instance looks at `analyst-1` at NOW → then this decision. */
function given(build: (e: ReturnType<typeof streamOf>) => ReturnType<ReturnType<typeof streamOf>>[]) {
  const state = foldWorkflow('p1', build(streamOf('p1')));
  return (instance: string, now = NOW) => decideClaim(state, 'analyst-1', instance, now, LEASE);
}

const started = (e: ReturnType<typeof streamOf>) => [
  e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS }),
  e('AgentStepStarted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, guidance: [] }),
];
const claimed = (e: ReturnType<typeof streamOf>, instance: string, leaseUntil: string) => e('StepClaimed', { workId: 'analyst-1', instance, leaseUntil });

describe('claiming launched work among instances', () => {
  it('given work nobody holds → claim it for the lease', () => {
    expect(given(started)('a')).toEqual({ kind: 'claim', event: { type: 'StepClaimed', data: { workId: 'analyst-1', instance: 'a', leaseUntil: '2026-11-30T12:01:00.000Z' } } });
  });

  it('given work this instance holds (it restarted) → run it at once, whatever the lease', () => {
    expect(given((e) => [...started(e), claimed(e, 'a', '2026-11-30T11:00:00.000Z')])('a')).toEqual({ kind: 'run' });
  });

  it('given work another instance holds → wait until its lease passes; then take it over', () => {
    const decide = given((e) => [...started(e), claimed(e, 'b', '2026-11-30T12:00:30.000Z')]);
    expect(decide('a')).toEqual({ kind: 'wait', untilMs: Date.parse('2026-11-30T12:00:30.000Z') });
    expect(decide('a', Date.parse('2026-11-30T12:00:30.001Z'))).toMatchObject({ kind: 'claim', event: { data: { instance: 'a' } } });
  });

  it('given a takeover → the newest claim is the one that counts', () => {
    const decide = given((e) => [...started(e), claimed(e, 'b', '2026-11-30T11:00:00.000Z'), claimed(e, 'a', '2026-11-30T12:01:00.000Z')]);
    expect(decide('a')).toEqual({ kind: 'run' });
    expect(decide('b')).toEqual({ kind: 'wait', untilMs: Date.parse('2026-11-30T12:01:00.000Z') });
  });

  it('given another instance took the project’s last claim → it drives the project until that lease passes; its own, or none, is not elsewhere', () => {
    const after = (e: ReturnType<typeof streamOf>) => [
      ...started(e),
      claimed(e, 'a', '2026-11-30T11:59:00.000Z'),
      e('StepClaimed', { workId: 'architect-1', instance: 'b', leaseUntil: '2026-11-30T12:05:00.000Z' }),
    ];
    const state = foldWorkflow('p1', after(streamOf('p1')));
    expect(drivenElsewhere(state, 'a', NOW)).toEqual({ untilMs: Date.parse('2026-11-30T12:05:00.000Z') });
    expect(drivenElsewhere(state, 'b', NOW)).toBeNull();
    expect(drivenElsewhere(state, 'a', Date.parse('2026-11-30T12:05:00.001Z'))).toBeNull();
    expect(drivenElsewhere(foldWorkflow('p1', started(streamOf('p1'))), 'a', NOW)).toBeNull();
  });
});
