#!/usr/bin/env python3
"""Compare `equilibre cells --format json` with the corpus truth files.

Usage: scripts/compare_corpus.py BINARY CORPUS_DIR [--ext xlsx,ods] [-v]
Prints one line per file that disagrees and a summary. A development aid; the Swift test
suite (CorpusTests) is the judge.
"""
import json, math, os, subprocess, sys

def close(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if abs(a) < 1e-12 and abs(b) < 1e-12:
            return True
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) or abs(a - b) < 1e-12
    return a == b

def main():
    binary, corpus = sys.argv[1], sys.argv[2]
    exts = ("xlsx", "xlsm", "ods")
    verbose = "-v" in sys.argv
    for a in sys.argv[3:]:
        if a.startswith("--ext="):
            exts = tuple(a[6:].split(","))
    ok = bad = 0
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".truth.json"):
            continue
        wb = name[: -len(".truth.json")]
        if not wb.rsplit(".", 1)[-1] in exts:
            continue
        truth = json.load(open(os.path.join(corpus, name)))
        p = subprocess.run([binary, "cells", os.path.join(corpus, wb), "--format", "json"],
                           capture_output=True, text=True, timeout=60)
        if "sheets" not in truth:
            if truth.get("expect_error"):
                if p.returncode == 2:
                    ok += 1
                else:
                    bad += 1; print(f"{wb}: expected an error, got exit {p.returncode}")
            else:
                ok += 1
                if p.returncode not in (0, 2):
                    bad += 1; print(f"{wb}: crashed? exit {p.returncode}")
            continue
        if p.returncode != 0:
            bad += 1; print(f"{wb}: exit {p.returncode}: {p.stderr.strip()[:300]}"); continue
        ours = json.loads(p.stdout)
        problems = []
        tnames = [s["name"] for s in truth["sheets"]]
        onames = [s["name"] for s in ours["sheets"]]
        if tnames != onames and not truth.get("sheet_name_mismatch"):
            problems.append(f"sheet names {onames} != {tnames}")
        disagree = {(d["sheet"], d["cell"]) for d in truth.get("disagreements", [])}
        for ts in truth["sheets"]:
            os_ = next((s for s in ours["sheets"] if s["name"] == ts["name"]), None)
            if os_ is None:
                continue
            if ts.get("visibility") and ts["visibility"] != os_["visibility"] and not truth.get("visibility_mismatch"):
                problems.append(f"{ts['name']}: visibility {os_['visibility']} != {ts['visibility']}")
            tc = {c[0]: c for c in ts.get("cells", [])}
            alt = {c[0]: c for c in ts.get("openpyxl_cells", [])}
            oc = {c[0]: c for c in os_["cells"] if c[1] != "error"}
            for ref in sorted(set(tc) | set(oc)):
                t, o = tc.get(ref), oc.get(ref)
                if (ts["name"], ref) in disagree:
                    continue
                if t and o and t[1] == o[1] and close(t[2], o[2]):
                    continue
                a = alt.get(ref)
                if a and o and a[1] == o[1] and close(a[2], o[2]):
                    continue
                problems.append(f"{ts['name']}!{ref}: ours {o} truth {t}")
            if "formulas" in ts:
                tf = {f[0]: f for f in ts["formulas"]}
                of = {f[0]: f for f in os_["formulas"]}
                for ref in sorted(set(tf) | set(of)):
                    if tf.get(ref) != of.get(ref):
                        problems.append(f"{ts['name']}!{ref}: formula ours {of.get(ref)} truth {tf.get(ref)}")
        if problems:
            bad += 1
            print(f"{wb}: {len(problems)} problems")
            for pr in problems[: (50 if verbose else 4)]:
                print("   ", pr)
        else:
            ok += 1
    print(f"{ok} agree, {bad} disagree")

main()
