import sys, json, glob, subprocess
from python_calamine import CalamineWorkbook
f = glob.glob('set/%s*.xlsx' % sys.argv[1]) + glob.glob('set/%s*.ods' % sys.argv[1])
f = f[0]
t = json.load(open(f + '.truth.json'))
wb = CalamineWorkbook.from_path(f)
sh = wb.get_sheet_by_name(t['sheet'])
r0, c0 = sh.start
for i, row in enumerate(sh.to_python()):
    if any(x not in ('', None) for x in row):
        print(r0 + i + 1, ' | '.join('' if x in ('', None) else str(x) for x in [''] * c0 + list(row)))
print('TRUTH', t['periods'], t['totals'], t['notes'])
for x in t['findings']:
    if x['rule'] != 'text-number': print('  T', x['rule'], x['cell'], x['expected'], x['actual'])
p = subprocess.run([(sys.argv[2] if len(sys.argv) > 2 else '.build/release/equilibre'), 'check', '--format', 'json', f], capture_output=True, text=True)
d = json.loads(p.stdout)['files'][0]
for x in d.get('findings', []):
    if x['severity'] != 'info': print('  E', x['rule'], x['cell'], x.get('expected'), x.get('actual'), x.get('label'), '|', x.get('message','')[:150])
