#!/usr/bin/env python3
"""Check the generated set: (1) every workbook reads back with python-calamine and holds the stored
values the truth was computed from; (2) LibreOffice opens every file; its recalculation of the ODS
twin gives the recomputed values (so the formulas written mean what the model says)."""
import csv, glob, json, os, subprocess, sys, tempfile
from python_calamine import CalamineWorkbook
here = os.path.dirname(os.path.abspath(__file__))
setdir, vdir = os.path.join(here, "set"), os.path.join(here, "verify")

def a1(c):
    col = ''.join(ch for ch in c if ch.isalpha()); row = int(''.join(ch for ch in c if ch.isdigit()))
    n = 0
    for ch in col: n = n * 26 + ord(ch) - 64
    return row - 1, n - 1

def num(x):
    if isinstance(x, str):
        return x
    return float(x) if x not in (None, "") else None

bad = 0
for cj in sorted(glob.glob(os.path.join(vdir, "*.cells.json"))):
    d = json.load(open(cj))
    wb = CalamineWorkbook.from_path(os.path.join(setdir, d["file"]))
    data = {}
    for s in wb.sheet_names:
        sh = wb.get_sheet_by_name(s)
        r0, c0 = sh.start if sh.start else (0, 0)
        data[s] = [[None] * c0 + list(row) for row in [[]] * r0 + sh.to_python()]
    for sheet, c, stored, recomputed in d["cells"]:
        r, k = a1(c)
        rows = data[sheet]
        v = rows[r][k] if r < len(rows) and k < len(rows[r]) else None
        ok = (v == stored) if isinstance(stored, str) else (isinstance(v, (int, float)) and abs(float(v) - stored) < 1e-6)
        if not ok:
            bad += 1; print("calamine", d["file"], sheet, c, repr(v), "stored", stored)
print("calamine read-back done, mismatches:", bad)
# LibreOffice: recalculated twin ODS, all sheets to csv
tmp = tempfile.mkdtemp()
twins = sorted(glob.glob(os.path.join(vdir, "*.twin.ods")))
subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                "--outdir", tmp] + twins, capture_output=True, timeout=900)
bad2 = 0
for cj in sorted(glob.glob(os.path.join(vdir, "*.cells.json"))):
    d = json.load(open(cj)); base = os.path.basename(cj)[:-len(".cells.json")]
    for sheet, c, stored, recomputed in d["cells"]:
        f = os.path.join(tmp, "%s.twin-%s.csv" % (base, sheet))
        if not os.path.exists(f):
            bad2 += 1; print("LO: no csv", f); break
        rows = list(csv.reader(open(f, encoding="utf-8", errors="replace")))
        r, k = a1(c)
        v = rows[r][k] if r < len(rows) and k < len(rows[r]) else ""
        if isinstance(stored, str):
            continue
        if v.endswith("%"):
            v = repr(float(v[:-1].replace(",", ".")) / 100)
        try:
            fv = float(v.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace("€", "").replace(",", ".") if v.count(",") == 1 and "." not in v else v.replace(",", "").replace("€", "").replace("£", "").replace("$", "").strip())
        except ValueError:
            fv = None
        if fv is None or abs(fv - recomputed) > 0.006:
            bad2 += 1; print("LO", base, sheet, c, repr(v), "recomputed", recomputed)
print("LibreOffice recalculation done, mismatches:", bad2)
# also: LibreOffice opens every real file
tmp2 = tempfile.mkdtemp()
files = sorted(glob.glob(os.path.join(setdir, "*.xlsx")) + glob.glob(os.path.join(setdir, "*.ods")))
subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", tmp2] + files, capture_output=True, timeout=900)
missing = [f for f in files if not os.path.exists(os.path.join(tmp2, os.path.splitext(os.path.basename(f))[0] + ".csv"))]
print("LibreOffice opened %d/%d files" % (len(files) - len(missing), len(files)), missing[:5])
sys.exit(1 if bad or bad2 or missing else 0)
