import type { PasswordPolicy } from './model.js';

/**
 * Reference §4.8 `user/create`: the dealer password policy (12–20 characters, upper, lower,
 * digit, special). The answer is the code 7 `error` text, or `undefined` for a valid password.
 */
export function passwordProblem(policy: PasswordPolicy, password: string): string | undefined {
  const count = (test: (c: string) => boolean): number => [...password].filter(test).length;
  if (password.length < policy.min_length || password.length > policy.max_length) {
    return `Length should be ${policy.min_length}..${policy.max_length}`;
  }
  const rules: ReadonlyArray<readonly [number, (c: string) => boolean, string]> = [
    [policy.min_digits_count, (c) => c >= '0' && c <= '9', 'digits'],
    [policy.min_uppercase_count, (c) => c !== c.toLowerCase(), 'uppercase letters'],
    [policy.min_lowercase_count, (c) => c !== c.toUpperCase(), 'lowercase letters'],
    [policy.min_special_chars_count, (c) => policy.special_chars.includes(c), 'special characters'],
  ];
  for (const [min, test, what] of rules) {
    if (count(test) < min) return `Should contain at least ${min} ${what}`;
  }
  return undefined;
}

/** Reference §2 code 294 and [DOCS] password requirements: the last 10 passwords are kept. */
export const PASSWORD_HISTORY = 10;
