"""Set G: the independent checker (own formula evaluator + the rules of domain.md §4).

It works on a grid: {cell: (value, formula, cached)} where value is the typed value
(number or str or None) for non-formula cells, formula is an Excel-dialect formula
("=SUM(B5:B9)") and cached its stored result. The structure (which cell is a sum of
which, rates, products, balance pairs, result lines, Total columns, amount cells)
comes from the generator, in the truth's `checks`.
"""
import re
from decimal import Decimal, ROUND_HALF_UP

TOL = 0.005


def col2n(s):
    n = 0
    for ch in s:
        n = n * 26 + ord(ch) - 64
    return n - 1


def n2col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def a1(r, c):
    return f"{n2col(c)}{r + 1}"


def parse_a1(ref):
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", ref)
    return int(m.group(2)) - 1, col2n(m.group(1))


class Text(str):
    """A text cell value: skipped by SUM, an error in arithmetic."""


def parse_text_number(s, lang="fr"):
    """French or English amount text -> float, or None (the sheet's language decides the comma)."""
    t = s.strip()
    if not t:
        return None
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1].strip()
    t = t.replace("\u2212", "-")
    if t.startswith("-"):
        neg, t = True, t[1:].strip()
    for sym in ("€", "EUR", "$", "£", "CHF", "A$", "C$", "CA$"):
        t = t.replace(sym, "")
    t = t.strip()
    if lang == "fr" and re.fullmatch(r"\d{1,3}([ \u00a0\u202f]\d{3})*(,\d+)?", t):
        v = float(re.sub(r"[ \u00a0\u202f]", "", t).replace(",", "."))
    elif re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", t):
        v = float(t.replace(",", ""))
    elif re.fullmatch(r"\d+([.,]\d+)?", t):
        v = float(t.replace(",", "."))
    else:
        return None
    return -v if neg else v


def _round(x, n=0):
    q = Decimal(1).scaleb(-int(n))
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def to_python(f):
    s = f.lstrip("=").replace("$", "")
    s = re.sub(r"\b([A-Z]{1,3}\d+):([A-Z]{1,3}\d+)\b", lambda m: f"_rng('{m[1]}','{m[2]}')", s)
    s = re.sub(r"(?<!['A-Za-z_])([A-Z]{1,3}\d+)(?![\d'(A-Za-z])", lambda m: f"_c('{m[1]}')", s)
    s = s.replace("SUM(", "_sum(").replace("ROUND(", "_round(")
    return s


class Evaluator:
    def __init__(self, grid):
        self.grid = grid
        self.memo = {}

    def raw(self, ref):
        return self.grid.get(ref, (None, None, None))

    def value(self, ref):
        """Recomputed value: number, Text, or None (blank)."""
        if ref in self.memo:
            return self.memo[ref]
        v, f, cached = self.raw(ref)
        if f:
            self.memo[ref] = None  # cycle guard
            out = self.evaluate(f)
        elif isinstance(v, str):
            out = Text(v)
        else:
            out = v
        self.memo[ref] = out
        return out

    def evaluate(self, f):
        def _c(ref):
            v = self.value(ref)
            return 0.0 if v is None else v

        def _rng(r1, r2):
            (ra, ca), (rb, cb) = parse_a1(r1), parse_a1(r2)
            return [self.value(a1(r, c)) for r in range(ra, rb + 1) for c in range(ca, cb + 1)]

        def _sum(*args):
            tot = 0.0
            for a in args:
                for x in (a if isinstance(a, list) else [a]):
                    if x is None or isinstance(x, str):
                        continue
                    tot += x
            return tot

        return float(eval(to_python(f), {"_c": _c, "_rng": _rng, "_sum": _sum, "_round": _round}))


LANG = ["fr"]


def num(ev, ref):
    """Amount a check uses: recomputed number; text parsed; '€'/blank/dash -> 0."""
    v = ev.value(ref)
    if v is None:
        return 0.0
    if isinstance(v, str):
        p = parse_text_number(v, LANG[0])
        return 0.0 if p is None else p
    return float(v)


def is_missing_text(v):
    return isinstance(v, str) and v.strip() in ("€", "$", "£", "EUR")


def run(grid, checks, sheet, lang="fr"):
    """Findings (list of dicts) for one sheet's grid and its checks."""
    LANG[0] = lang
    ev = Evaluator(grid)
    out = []

    def add(rule, cell, exp, act, why):
        out.append({"rule": rule, "sheet": sheet, "cell": cell,
                    "expected": None if exp is None else round(exp, 2),
                    "actual": None if act is None else (act if isinstance(act, str) else round(act, 2)),
                    "why": why})

    # formula.stale: every formula cell of the sheet
    for ref, (v, f, cached) in sorted(grid.items(), key=lambda kv: parse_a1(kv[0])):
        if f:
            rv = ev.value(ref)
            if cached is None or abs(float(cached) - rv) > TOL:
                add("formula.stale", ref, rv, cached, f"cached {cached} but {f} gives {round(rv, 2)}")
    for ch in checks:
        k = ch["kind"]
        c = ch.get("cell")
        if k == "amount":
            v = ev.value(c) if not grid.get(c, (None, None, None))[1] else 1.0
            if is_missing_text(v):
                add("missing", c, None, None, f"{ch.get('label')}: the amount cell holds only a currency sign")
            elif v is None and ch.get("others"):
                if any(ev.value(o) not in (None, "") and not is_missing_text(ev.value(o)) for o in ch["others"]):
                    add("missing", c, None, None, f"{ch.get('label')}: blank while the line is filled in its other periods")
            elif isinstance(v, str):
                p = parse_text_number(v, lang)
                if p is not None:
                    out.append({"rule": "text-number", "sheet": sheet, "cell": c, "expected": p,
                                "actual": p, "raw": str(v), "why": f"{ch.get('label')}: amount stored as text"})
            continue
        if grid.get(c, (None,))[0] is not None and is_missing_text(grid[c][0]):
            continue  # a missing aggregate is reported as missing only
        act = num(ev, c)
        if k == "sum":
            exp = sum(num(ev, x) for x in ch["comps"])
            gap = abs(exp - act)
            if gap > TOL:
                rule = "sum.rounding" if gap <= len(ch["comps"]) else "sum"
                add(rule, c, exp, act, f"{ch.get('label')}: components {', '.join(ch['comps'])} add up to {round(exp, 2)}")
        elif k == "rate":
            exp = ch["pct"] * sum(num(ev, x) for x in ch["base"])
            if abs(exp - act) > 1:
                add("rate", c, exp, act, f"{ch.get('label')}: {ch['pct'] * 100:g} % of {'+'.join(ch['base'])} = {round(exp, 2)}")
        elif k == "product":
            exp = num(ev, ch["qty"]) * num(ev, ch["price"])
            if abs(exp - act) > 1:
                add("product", c, exp, act, f"{ch.get('label')}: {ch['qty']} x {ch['price']} = {round(exp, 2)}")
        elif k == "balance":
            exp = num(ev, ch["ref"])
            if abs(exp - act) > TOL:
                add("balance", c, exp, act, f"total income {round(act, 2)} differs from total expenses {round(exp, 2)} ({ch['ref']})")
        elif k == "result":
            exp = num(ev, ch["pr"]) - num(ev, ch["ch"])
            if abs(exp - act) > TOL:
                add("result", c, exp, act, f"result should be {ch['pr']} - {ch['ch']} = {round(exp, 2)}")
        elif k == "cross":
            exp = sum(num(ev, x) for x in ch["parts"])
            if abs(exp - act) > TOL:
                add("cross-total", c, exp, act, f"{ch.get('label')}: periods {', '.join(ch['parts'])} add up to {round(exp, 2)}")
        elif k == "unit":
            exp = ch["rate"] * ch["months"]
            if abs(exp - act) > 1:
                add("unit", c, exp, act, f"{ch.get('label')}: {ch['rate']} x {ch['months']} months")
    return out, ev
