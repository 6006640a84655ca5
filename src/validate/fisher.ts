// Fisher's exact test, two-sided, for a 2x2 table: did two samples of runs see an outcome at
// the same rate? Sums the hypergeometric probabilities of every table with the same margins
// that is no more likely than the one observed.

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/** P(a) for the table [[a, r1-a], [c1-a, n-r1-c1+a]] with row total r1, column total c1, n. */
function logHypergeometric(a: number, r1: number, c1: number, n: number): number {
  return (
    logFactorial(r1) +
    logFactorial(n - r1) +
    logFactorial(c1) +
    logFactorial(n - c1) -
    logFactorial(n) -
    logFactorial(a) -
    logFactorial(r1 - a) -
    logFactorial(c1 - a) -
    logFactorial(n - r1 - c1 + a)
  );
}

/** p-value that k1 of n1 and k2 of n2 come from one rate. */
export function fisherExact(k1: number, n1: number, k2: number, n2: number): number {
  const n = n1 + n2;
  const c1 = k1 + k2;
  const lo = Math.max(0, c1 - n2);
  const hi = Math.min(n1, c1);
  const observed = logHypergeometric(k1, n1, c1, n);
  let p = 0;
  for (let a = lo; a <= hi; a++) {
    const lp = logHypergeometric(a, n1, c1, n);
    if (lp <= observed + 1e-9) p += Math.exp(lp);
  }
  return Math.min(1, p);
}
