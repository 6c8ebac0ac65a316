"""Writes a synthetic rule set with N conclusions for `ilio lint` and `ilio fmt` performance:
number, bool and set facts, parameters, criteria, a red-flag step with referrals and a
`cleared` finding, and steps gated on it whose findings and recommendations compare facts
with thresholds and reference criteria, so every analysis has work to do.

usage: generate_rules.py N > rules.ilio
"""
import random
import sys


def main():
    n = int(sys.argv[1])
    rng = random.Random(13)
    facts = max(10, n // 10)
    flags = max(2, n // 200)
    criteria = max(5, n // 20)
    per_step = 100
    out = ['ruleset generated version "1.0.0" title "Generated" source "generate_rules.py"', ""]
    for f in range(facts):
        out.append(f'fact x{f} : number deg in [0, 180] "x{f}" ask "x{f}?"')
        out.append(f'fact b{f} : bool "b{f}" ask "b{f}?"')
    members = ", ".join(f"m{k}" for k in range(flags))
    out.append(f'fact flags : set of {{{members}}} "red flags" ask "flags?"')
    out.append('param limit = 90 deg "a limit" cite "generator"')
    out.append("")
    for c in range(criteria):
        f = rng.randrange(facts)
        out.append(f'criterion k{c} "k{c}" when x{f} >= {rng.randint(10, 170)} deg or b{f}')
        out.append('  pass "p" fail "f" cite "g"')
    out.append("")
    out.append('step screen "Screen"')
    for r in range(flags):
        out.append(f'red_flag rf{r} "rf{r}" severity critical when flags contains m{r}')
        out.append('  because "b" cite "g"')
    names = ", ".join(f"rf{r}" for r in range(flags))
    out.append(f'refer referral "referral" severity critical when any of ({names})')
    out.append('  because "b" cite "g"')
    out.append(f'finding cleared "cleared" when not any of ({names})')
    out.append('  because "b" cite "g"')
    made = flags + 2
    step = 0
    while made < n:
        out.append("")
        out.append(f'step s{step} "s{step}" requires cleared')
        for _ in range(min(per_step, n - made)):
            f = rng.randrange(facts)
            kind = "finding" if made % 2 else "recommend"
            t = rng.randint(10, 170)
            crit = rng.randrange(criteria)
            out.append(f'{kind} c{made} "c{made}" when x{f} > {t} deg and (b{f} or k{crit})')
            out.append('  because "b" cite "g"')
            made += 1
        step += 1
    print("\n".join(out))


if __name__ == "__main__":
    main()
