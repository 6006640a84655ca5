// The errno values the pin path can return (negated, as the kernel returns them).
export const EPERM = 1;
export const ENOMEM = 12;
export const EFAULT = 14;
export const ENXIO = 6;
export const EBUSY = 16;
export const EINVAL = 22;
export const EAGAIN = 11;
export const EOPNOTSUPP = 95;

const NAMES: Record<number, string> = {
  [ENOMEM]: "ENOMEM",
  [EFAULT]: "EFAULT",
  [EBUSY]: "EBUSY",
  [EINVAL]: "EINVAL",
  [EAGAIN]: "EAGAIN",
  [EOPNOTSUPP]: "EOPNOTSUPP",
  [EPERM]: "EPERM",
};

export function errnoName(ret: number): string {
  return ret < 0 ? `-${NAMES[-ret] ?? String(-ret)}` : String(ret);
}
