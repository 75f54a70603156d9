/** Dollars kept in whole micro-dollars: sums of many calls stay exact enough to compare with a budget, and print cleanly. */
export function microDollars(usd: number): number {
  return Math.round(usd * 1_000_000) / 1_000_000;
}

export function addUsd(a: number, b: number): number {
  return microDollars(a + b);
}
