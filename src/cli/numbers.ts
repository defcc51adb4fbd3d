import { InvalidArgumentError } from 'commander';

/** A numeric flag value: any finite number, else commander's usage error. */
export function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`"${value}" is not a number`);
  return n;
}
