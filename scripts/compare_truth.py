#!/usr/bin/env python3
"""Compare `equilibre cells FILE --format json` with FILE.truth.json (corpus README rules).

usage: [BIN=.build/debug/equilibre] python3 scripts/compare_truth.py [FILE.ods ...]   (V=1 lists every cell)
Error cells our reader reports where python-calamine shows nothing are counted, not flagged.
"""
import json, subprocess, sys, glob, os, math
BIN = os.environ.get('BIN', '.build/debug/equilibre')
files = sys.argv[1:] or sorted(glob.glob(os.environ.get('CORPUS', '../shared/corpus') + '/*.ods'))
verbose = os.environ.get('V')
ok = 0; bad = 0; errors_blank = [0]
for f in files:
    truth = json.load(open(f + '.truth.json'))
    p = subprocess.run([BIN, 'cells', f, '--format', 'json'], capture_output=True, text=True, timeout=120)
    name = os.path.basename(f)
    if 'sheets' not in truth:
        exp = truth.get('expect_error')
        if p.returncode > 2 or p.returncode < 0:
            print(f'CRASH {name} rc={p.returncode}'); bad += 1; continue
        if exp and p.returncode == 0:
            print(f'BAD {name}: expected an error, read fine'); bad += 1; continue
        print(f'ok-err {name} rc={p.returncode} {p.stderr.strip()[:150]}'); ok += 1; continue
    if p.returncode != 0:
        print(f'FAIL {name}: rc={p.returncode} {p.stderr.strip()[:300]}'); bad += 1; continue
    ours = json.loads(p.stdout)
    problems = []
    tn = [s['name'] for s in truth['sheets']]; on = [s['name'] for s in ours['sheets']]
    if tn != on: problems.append(f'sheet names {tn} vs {on}')
    for ts, os_ in zip(truth['sheets'], ours['sheets']):
        if ts.get('visibility') and ts['visibility'] != os_['visibility']:
            problems.append(f"{ts['name']}: visibility {ts['visibility']} vs {os_['visibility']}")
        tc = {c[0]: c[1:] for c in ts['cells']}; oc = {c[0]: c[1:] for c in os_['cells']}
        for ref in sorted(set(tc) | set(oc), key=lambda r: (len(r), r)):
            a = tc.get(ref); b = oc.get(ref)
            same = a is not None and b is not None and a[0] == b[0] and (
                a[1] == b[1] or (a[0] == 'number' and isinstance(a[1], (int, float)) and isinstance(b[1], (int, float))
                                 and abs(a[1] - b[1]) <= max(1e-9 * abs(a[1]), 1e-12)))
            if a is None and b is not None and b[0] == 'error':
                errors_blank[0] += 1; continue  # python-calamine blanks error cells
            if not same:
                problems.append(f"{ts['name']}!{ref}: truth {a!r} ours {b!r}")
    if problems:
        bad += 1
        print(f'DIFF {name}: {len(problems)} problems')
        for x in problems[: (1000 if verbose else 8)]: print('   ', x)
    else:
        ok += 1
        print(f'ok {name}')
print(f'{ok} agree, {bad} disagree; {errors_blank[0]} error cells that calamine blanks')
