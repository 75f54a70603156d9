import { DomainError } from '../../src/domain/domain-error';

/** The DomainError a decision refuses with; fails the test when it decides instead. */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
