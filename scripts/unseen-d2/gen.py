#!/usr/bin/env python3
"""Generate set D2: workbooks in set/ with NAME.truth.json, relations in meta/ (for verify.py).

Deterministic: every file is seeded from its name. Truth comes from core.check() over the grid
written here, never from Equilibre."""
import json
import os
import random
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from core import compute_caches, check, Evaluator, a1  # noqa: E402
from plan import inject  # noqa: E402
from families import FAMILIES  # noqa: E402
from writers import write_xlsxwriter, write_openpyxl, write_odf  # noqa: E402

SET = os.path.join(HERE, "set")
META = os.path.join(HERE, "meta")
TMP = "/tmp/unseenD2_build"
PROFILE = "/tmp/unseenD2_lo_profile"

KINDS = ["sum", "sum", "balance", "rate", "missing", "formula.stale", "product", "cross-total", "result", "sum.rounding"]


def lo_profile():
    d = os.path.join(PROFILE, "user")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "registrymodifications.xcu"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
                '</oor:items>\n')
    return f"-env:UserInstallation=file://{PROFILE}"


def soffice(fmt, outdir, files):
    if not files:
        return
    cmd = ["soffice", lo_profile(), "--headless", "--norestore", "--convert-to", fmt, "--outdir", outdir] + files
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)


def build(fam, fn, i):
    for attempt in range(12):
        rng = random.Random(f"setD2-{fam}-{i}-{attempt}")
        clean = (i % 5) in (0, 3)
        r = rng.random()
        producer = "xw" if r < 0.42 else "opx" if r < 0.62 else "odf" if r < 0.84 else "lo-ods"
        book = fn(i, rng)
        book.producer = producer
        info = book.info
        if info.get("noformula") and producer == "opx":
            producer = book.producer = "xw"
        compute_caches(book)
        if clean:
            fs = [f for f in check(book) if f["rule"] != "text-number"]
            if fs:
                raise SystemExit(f"{book.name}: clean build has findings {fs[:3]}")
        else:
            allowed = info.get("kinds") or KINDS
            n = rng.choice([1, 1, 2, 2, 3])
            order = [k for k in rng.sample(KINDS, len(KINDS)) if k in allowed]
            order = list(dict.fromkeys(order))
            if fam in ("event", "erasmus") and "product" in order:
                order.remove("product")
                order.insert(0, "product")
            if i % 5 in (1, 4) and producer in ("xw", "odf") and not info.get("noformula") and "formula.stale" in order:
                order.remove("formula.stale")
                order = order[:n - 1] + ["formula.stale"] + order[n - 1:]
            order = sorted(order, key=lambda k: k == "formula.stale")
            done = []
            for k in order:
                if len(done) >= n and not (k == "formula.stale" and i % 5 in (1, 4) and len(done) < 3):
                    continue
                if k == "formula.stale" and (producer not in ("xw", "odf") or info.get("noformula")):
                    continue
                d = inject(book, info["handles"], k, rng, producer)
                if d:
                    done.append(d)
                    if k != "formula.stale":
                        compute_caches(book)
            if not book.stale:
                compute_caches(book)
            book.injected = done
            fs = [f for f in check(book) if f["rule"] != "text-number"]
            if not done or not fs:
                continue
        # gap lines are ambiguous when sources and uses differ
        fs = check(book)
        if getattr(book, "gapcells", None) and any(f["rule"] == "balance" for f in fs):
            book.ambiguous += [f"{x[0]}!{a1(x[1], x[2])}" for x in book.gapcells]
        return book, producer
    raise SystemExit(f"{fam} {i}: could not inject")


def truth_of(book, ext):
    info = book.info
    ev = Evaluator(book)

    def vals(cells):
        if cells is None:
            return None
        return [None if x is None else (round(ev.num(*x), 6) if ev.num(*x) is not None else None) for x in cells]
    amb = set(book.ambiguous)
    findings = []
    for f in check(book):
        findings.append(f)
    notes = info.get("notes", "")
    if book.stale:
        notes += " A formula.stale injection: totals are given as recomputed values (design.md: a stale cache is replaced by the recomputed value)."
    if book.injected:
        notes += " Injected: " + "; ".join(book.injected) + "."
    else:
        notes += " Clean file (no injected error)."
    return {
        "file": f"{book.name}.{ext}",
        "language": book.lang,
        "sheet": info["sheet"],
        "layout": info["layout"],
        "periods": info["periods"],
        "totals": {"charges": vals(info["charges"]), "produits": vals(info.get("produits"))},
        "findings": findings,
        "ambiguous": sorted(amb),
        "confidence": "high" if not amb else "medium",
        "producer": {"xw": "XlsxWriter", "opx": "openpyxl + LibreOffice recalculation", "odf": "odfpy", "lo-ods": "XlsxWriter + LibreOffice xlsx->ods"}[book.producer],
        "notes": notes.strip(),
    }


def meta_of(book):
    tc = {side: [None if x is None else list(x) for x in (book.info.get(side) or [])] or None for side in ("charges", "produits")}
    return {"totals_cells": tc, "rels": book.rels, "missing": book.missing, "injected": book.injected, "stale": book.stale,
            "producer": book.producer, "lang": book.lang,
            "formulas": {f"{sh.name}!{a1(r, c)}": cell.f for sh in book.sheets for (r, c), cell in sh.cells.items() if cell.f}}


def main():
    for d in (SET, META, TMP):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    os.makedirs(os.path.join(TMP, "opx"))
    os.makedirs(os.path.join(TMP, "lo"))
    opx, lo = [], []
    books = []
    for fam, fn, n in FAMILIES:
        for i in range(n):
            book, producer = build(fam, fn, i)
            ext = "ods" if producer in ("odf", "lo-ods") else "xlsx"
            name = book.name
            if producer == "xw":
                write_xlsxwriter(book, os.path.join(SET, name + ".xlsx"))
            elif producer == "odf":
                write_odf(book, os.path.join(SET, name + ".ods"))
            elif producer == "opx":
                p = os.path.join(TMP, "opx", name + ".xlsx")
                write_openpyxl(book, p)
                opx.append(p)
            else:
                p = os.path.join(TMP, "lo", name + ".xlsx")
                write_xlsxwriter(book, p)
                lo.append(p)
            t = truth_of(book, ext)
            with open(os.path.join(SET, f"{name}.{ext}.truth.json"), "w") as f:
                json.dump(t, f, indent=1, ensure_ascii=False)
            with open(os.path.join(META, f"{name}.{ext}.json"), "w") as f:
                json.dump(meta_of(book), f, indent=1, ensure_ascii=False)
            books.append((name, ext, len(t["findings"])))
    soffice("xlsx", SET, opx)
    soffice("ods", SET, lo)
    clean = sum(1 for b in books if not [1 for _ in [0]] or False)
    print(f"{len(books)} workbooks written ({len(opx)} via openpyxl+LO, {len(lo)} LO xlsx->ods)")


if __name__ == "__main__":
    main()
