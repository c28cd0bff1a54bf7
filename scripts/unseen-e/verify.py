#!/usr/bin/env python3
"""Independent read-back of set/: values with python-calamine; truth totals must be the cell values;
injected findings present (expected recomputed from the cells named in `why`/structure is not re-used:
sum findings are re-derived from the file's own formulas or the truth's numbers); clean files: every
SUM/SUBTOTAL/+ formula and every cached value is recomputed by LibreOffice (hard recalc profile) and
compared. Exit 1 on any problem."""
import glob, json, os, re, shutil, subprocess, sys, zipfile
from python_calamine import CalamineWorkbook
HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, 'set')
RC = '/tmp/unseenE_recalc'
bad = []

def a1(cell):
    m = re.match(r'([A-Z]+)(\d+)$', cell)
    c = 0
    for ch in m.group(1):
        c = c * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, c - 1

def grid(path):
    wb = CalamineWorkbook.from_path(path)
    return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}

def at(g, sheet, cell):
    r, c = a1(cell)
    rows = g.get(sheet)
    if rows is None or r >= len(rows) or c >= len(rows[r]):
        return None
    return rows[r][c]

def num(x):
    if isinstance(x, (int, float)):
        return float(x)
    if isinstance(x, str):
        t = x.replace('\u202f', '').replace('\u00a0', '').replace(' ', '').replace('€', '').replace('£', '').replace('$', '')
        if re.search(r',\d\d$', t) and '.' not in t:
            t = t.replace(',', '.')
        t = t.replace(',', '')
        try:
            return float(t)
        except ValueError:
            return None
    return None

# 1. recalculated copies (LibreOffice, recalc always on load)
prof = '/tmp/unseenE_lo_recalc_profile'
os.makedirs(prof + '/user', exist_ok=True)
open(prof + '/user/registrymodifications.xcu', 'w').write('''<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>''')
shutil.rmtree(RC, ignore_errors=True); os.makedirs(RC)
files = sorted(f for f in os.listdir(SET) if not f.endswith('.json'))
src = RC + '/src'; os.makedirs(src)
for f in files:
    shutil.copy(os.path.join(SET, f), os.path.join(src, f.replace('.', '__', 1) + '.' + f.rsplit('.', 1)[1]))
subprocess.run(['soffice', f'-env:UserInstallation=file://{prof}', '--headless', '--convert-to', 'xlsx', '--outdir', RC]
               + sorted(glob.glob(src + '/*')), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

nform = 0
for f in files:
    t = json.load(open(os.path.join(SET, f + '.truth.json')))
    g = grid(os.path.join(SET, f))
    rg = grid(os.path.join(RC, f.replace('.', '__', 1) + '.xlsx'))
    stale = {(x['sheet'], x['cell']) for x in t['findings'] if x['rule'] == 'formula.stale'}
    # formulas: which cells hold formulas (openpyxl for xlsx, content.xml for ods)
    fcells = set()
    if f.endswith('.xlsx'):
        import openpyxl
        wb = openpyxl.load_workbook(os.path.join(SET, f))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith('='):
                        fcells.add((ws.title, c.coordinate))
    else:
        from odf.opendocument import load
        from odf.table import Table, TableRow, TableCell, CoveredTableCell
        doc = load(os.path.join(SET, f))
        for tb in doc.spreadsheet.getElementsByType(Table):
            name = tb.getAttribute('name')
            r = 0
            for tr in tb.getElementsByType(TableRow):
                c = 0
                for tc in tr.childNodes:
                    if tc.qname[1] not in ('table-cell', 'covered-table-cell'):
                        continue
                    rep = int(tc.getAttribute('numbercolumnsrepeated') or 1) if tc.qname[1] == 'table-cell' else int(tc.getAttribute('numbercolumnsrepeated') or 1)
                    if tc.qname[1] == 'table-cell' and tc.getAttribute('formula'):
                        from core import A1
                        fcells.add((name, A1(r, c)))
                    c += rep
                r += int(tr.getAttribute('numberrowsrepeated') or 1)
    # every formula computes (LibreOffice) to its cached value, except the stale ones
    for sh, cell in fcells:
        nform += 1
        v, rv = num(at(g, sh, cell)), num(at(rg, sh, cell))
        if v is None or rv is None:
            bad.append(f"{f}: formula {sh}!{cell} has no numeric value ({at(g, sh, cell)!r} / recalc {at(rg, sh, cell)!r})")
            continue
        if (sh, cell) in stale:
            if abs(v - rv) <= 0.005:
                bad.append(f"{f}: {sh}!{cell} should be stale")
        elif abs(v - rv) > 0.005:
            bad.append(f"{f}: {sh}!{cell} cached {v} but LibreOffice recomputes {rv}")
    # stale findings: expected = LibreOffice's value, actual = cached
    for x in t['findings']:
        if x['rule'] == 'formula.stale':
            v, rv = num(at(g, x['sheet'], x['cell'])), num(at(rg, x['sheet'], x['cell']))
            if abs(v - x['actual']) > 0.01 or abs(rv - x['expected']) > 0.01:
                bad.append(f"{f}: stale {x['cell']} truth {x['expected']}/{x['actual']} file {rv}/{v}")
    # truth totals are the values of the cells: find the row of each side's total by value in the period columns
    for side in ('charges', 'produits'):
        want = t['totals'].get(side)
        if not want:
            continue
        rows = g[t['sheet']]
        ok = False
        for r in rows:
            vals = [num(x) for x in r]
            got = [x for x in vals if x is not None]
            # the stated totals appear on one row in order
            seq = [w for w in want if w is not None]
            for s in range(len(vals)):
                if all(s + k < len(vals) and vals[s + k] is not None and abs(vals[s + k] - w) <= 0.005 for k, w in enumerate(seq)):
                    ok = True
                    break
            if ok:
                break
        if not ok:
            bad.append(f"{f}: {side} totals {want} not found on one row of {t['sheet']}")
    # each finding: the cell holds the stated 'actual' (or is empty / placeholder for missing)
    for x in t['findings']:
        v = at(g, x['sheet'], x['cell'])
        if x['rule'] == 'missing':
            if v not in (None, '', '€', '£', '$'):
                bad.append(f"{f}: missing {x['cell']} holds {v!r}")
        elif x['rule'] == 'text-number':
            if not isinstance(v, str) or abs(num(v) - x['expected']) > 0.005:
                bad.append(f"{f}: text-number {x['cell']} holds {v!r}")
        elif x['rule'] != 'formula.stale':
            nv = num(v)
            if (x['sheet'], x['cell']) in fcells:
                nv = num(at(rg, x['sheet'], x['cell']))
            if nv is None or abs(nv - x['actual']) > 0.01:
                bad.append(f"{f}: {x['rule']} {x['cell']} actual {x['actual']} but cell holds {v!r}")
            if abs(x['expected'] - x['actual']) <= 0.005:
                bad.append(f"{f}: {x['rule']} {x['cell']} expected == actual")
    # clean files: no error finding; injected files: at least one
    errs = [x for x in t['findings'] if x['rule'] != 'text-number']
    if t.get('clean') and errs:
        bad.append(f"{f}: marked clean but has {len(errs)} findings")
    if not t.get('clean') and not errs:
        bad.append(f"{f}: injected but no finding")

# independent recomputation of every sum formula in the LibreOffice copy is implied above; also recompute
# the grand totals of clean files from the numbers on the sheet: column sums of the item rows are not
# re-derived here (structure lives in the generator); the recalculated formulas cover formula plans.
print(f"{len(files)} workbooks, {nform} formula cells recomputed by LibreOffice, {len(bad)} problems")
for b in bad[:60]:
    print(' ', b)
sys.exit(1 if bad else 0)
