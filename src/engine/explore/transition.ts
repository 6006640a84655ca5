// Transitions and decisions. A transition is what can happen next: a step of task t (2t) or the
// expiry of task t's timer (2t + 1). A decision is a transition picked where more than one was
// enabled, or a choose() value v, recorded as -(v + 1).

export function stepOf(task: number): number {
  return 2 * task;
}
export function timerOf(task: number): number {
  return 2 * task + 1;
}
export function taskOf(transition: number): number {
  return transition >> 1;
}
export function isTimer(transition: number): boolean {
  return (transition & 1) === 1;
}
export function choiceDecision(value: number): number {
  return -value - 1;
}
export function isChoiceDecision(d: number): boolean {
  return d < 0;
}
export function choiceValue(d: number): number {
  return -d - 1;
}
