#!/usr/bin/env python3
"""show.py NAME [BIN] — one workbook's grid (sheet, cell, value, formula), its truth, and Equilibre's findings."""
import json, os, subprocess, sys
from python_calamine import CalamineWorkbook
HERE = os.path.dirname(os.path.abspath(__file__))
name = sys.argv[1]
binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "release", "equilibre")
path = name if os.path.exists(name) else os.path.join(HERE, 'set', name)
def col(c):
    s = ''
    c += 1
    while c:
        c, r = divmod(c - 1, 26); s = chr(65 + r) + s
    return s
formulas = {}
if path.endswith('.xlsx'):
    import openpyxl
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith('='):
                    formulas[(ws.title, c.coordinate)] = c.value
wb = CalamineWorkbook.from_path(path)
for sn in wb.sheet_names:
    print(f"== sheet {sn!r}")
    for r, row in enumerate(wb.get_sheet_by_name(sn).to_python(skip_empty_area=False)):
        cells = [f"{col(c)}{r + 1}={v!r}" + (f" [{formulas[(sn, f'{col(c)}{r + 1}')]}]" if (sn, f'{col(c)}{r + 1}') in formulas else '')
                 for c, v in enumerate(row) if v not in ('', None)]
        if cells:
            print('  ' + ' | '.join(cells))
t = json.load(open(path + '.truth.json'))
print('== truth:', json.dumps({k: t[k] for k in ('sheet', 'periods', 'totals', 'ambiguous', 'notes')}, ensure_ascii=False))
for f in t['findings']:
    print(f"   T {f['rule']:14} {f['sheet']}!{f['cell']:6} exp {f['expected']} act {f['actual']}  {f['why']}")
p = subprocess.run([binary, 'check', '--format', 'json', path], capture_output=True, text=True)
try:
    fe = json.loads(p.stdout)['files'][0]
    print('== equilibre: status', fe.get('status'), 'plan sheet', (fe.get('plan') or {}).get('sheet'),
          'periods', [x.get('label') for x in (fe.get('plan') or {}).get('periods', [])])
    for f in fe.get('findings', []):
        print(f"   E {f.get('rule'):14} {f.get('sheet')}!{f.get('cell'):6} exp {f.get('expected')} act {f.get('actual')} [{f.get('severity')}] {f.get('label')}")
except Exception as e:
    print('== equilibre: no report', e, p.stderr[:500])
