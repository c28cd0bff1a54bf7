#!/usr/bin/env python3
"""python3 show.py v039 [BIN]: a file's plan sheet (calamine values), its truth findings (T) and Equilibre's (E)."""
import sys, json, glob, subprocess, os
from python_calamine import CalamineWorkbook
here = os.path.dirname(os.path.abspath(__file__))
binary = sys.argv[2] if len(sys.argv) > 2 else '.build/release/equilibre'
f = (glob.glob(os.path.join(here, 'set', '%s*.xlsx' % sys.argv[1])) + glob.glob(os.path.join(here, 'set', '%s*.ods' % sys.argv[1])))[0]
t = json.load(open(f + '.truth.json'))
wb = CalamineWorkbook.from_path(f)
print(os.path.basename(f), 'sheets', wb.sheet_names, '| plan on', repr(t['sheet']))
sh = wb.get_sheet_by_name(t['sheet'])
r0, c0 = sh.start if sh.start else (0, 0)
for i, row in enumerate(sh.to_python()):
    if any(x not in ('', None) for x in row):
        print('%3d' % (r0 + i + 1), ' | '.join('' if x in ('', None) else str(x) for x in [''] * c0 + list(row)))
print('TRUTH periods', t['periods'], 'totals', t['totals'])
print('  layout:', t['layout']); print('  defects:', t['defects'], '| formulas:', t['formulas']); print('  notes:', t['notes'])
for x in t['findings']:
    if x['rule'] != 'text-number':
        print('  T', x['rule'], x['cell'], x['expected'], x['actual'])
p = subprocess.run([binary, 'check', '--format', 'json', f], capture_output=True, text=True)
d = json.loads(p.stdout)['files'][0]
pl = d.get('plan') or {}
print('EQUILIBRE status', d.get('status'), 'sheet', pl.get('sheet'), 'periods', [x.get('label') for x in pl.get('periods', [])], 'reading', pl.get('reading'))
for side in ('charges', 'produits'):
    tl = [l for l in pl.get('lines', []) if l.get('section') == side and l.get('kind') == 'total']
    if tl: print('  last %s total: %s %s' % (side, tl[-1].get('label'), tl[-1].get('amounts')))
for x in d.get('findings', []):
    if x['severity'] != 'info':
        print('  E', x['rule'], x['cell'], x.get('expected'), x.get('actual'), x.get('label'), '|', x.get('message', '')[:140])
