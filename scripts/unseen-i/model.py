"""Set I: workbook model, formula AST (render OOXML / ODF, evaluate) and the checker.

A workbook is {sheet: {(r, c): Cell}} (0-based rows/cols).  Cell kinds:
  'n' typed number, 's' text, 'f' formula (expr, cached, recomp), 't' typed aggregate
  (a number the author computed by hand: value = eval(expr) at freeze time).
Expressions are tuples:
  ('ref', sheet, r, c)  ('rng', sheet, r1, c1, r2, c2)  ('num', x)
  ('SUM', [args])  ('SUBTOTAL', rng)  ('+', [(sign, e), ...])  ('*', a, b)  ('/', a, b)
  ('ROUND', e, n)
"""
import re


def col(c):
    s = ""
    c += 1
    while c:
        c, m = divmod(c - 1, 26)
        s = chr(65 + m) + s
    return s


def a1(r, c):
    return f"{col(c)}{r + 1}"


class Cell:
    __slots__ = ("kind", "v", "e", "fmt", "cached", "recomp", "note")

    def __init__(self, kind, v=None, e=None, fmt=None):
        self.kind, self.v, self.e, self.fmt = kind, v, e, fmt
        self.cached = self.recomp = None
        self.note = None


class Book:
    def __init__(self):
        self.sheets = {}      # name -> {(r,c): Cell}
        self.order = []
        self.merges = {}      # name -> [(r1,c1,r2,c2)]
        self.widths = {}      # name -> {c: width}

    def sheet(self, name):
        if name not in self.sheets:
            self.sheets[name] = {}
            self.order.append(name)
            self.merges[name] = []
            self.widths[name] = {}
        return self.sheets[name]


# ---------------------------------------------------------------- rendering
def _ref_x(sheet, r, c, cur):
    if sheet == cur:
        return a1(r, c)
    return f"'{sheet}'!{a1(r, c)}"


def _ref_o(sheet, r, c, cur):
    if sheet == cur:
        return f"[.{a1(r, c)}]"
    return f"[$'{sheet}'.{a1(r, c)}]"


def render(e, cur, odf=False):
    k = e[0]
    sep = ";" if odf else ","
    if k == "ref":
        return (_ref_o if odf else _ref_x)(e[1], e[2], e[3], cur)
    if k == "rng":
        _, s, r1, c1, r2, c2 = e
        if odf:
            return f"[.{a1(r1, c1)}:.{a1(r2, c2)}]" if s == cur else f"[$'{s}'.{a1(r1, c1)}:.{a1(r2, c2)}]"
        p = "" if s == cur else f"'{s}'!"
        return f"{p}{a1(r1, c1)}:{a1(r2, c2)}"
    if k == "num":
        x = e[1]
        return repr(int(x)) if float(x).is_integer() else repr(x)
    if k == "SUM":
        return "SUM(" + sep.join(render(a, cur, odf) for a in e[1]) + ")"
    if k == "SUBTOTAL":
        return f"SUBTOTAL(9{sep}{render(e[1], cur, odf)})"
    if k == "ROUND":
        return f"ROUND({render(e[1], cur, odf)}{sep}{e[2]})"
    if k == "+":
        out = ""
        for i, (sg, t) in enumerate(e[1]):
            s = render(t, cur, odf)
            if i == 0:
                out = s if sg > 0 else "-" + s
            else:
                out += ("+" if sg > 0 else "-") + s
        return out
    if k in ("*", "/"):
        def wrap(t):
            s = render(t, cur, odf)
            return f"({s})" if t[0] == "+" and len(t[1]) > 1 else s
        return wrap(e[1]) + k + wrap(e[2])
    raise ValueError(e)


def formula_text(e, cur, odf=False):
    return ("of:=" if odf else "=") + render(e, cur, odf)


# ---------------------------------------------------------------- values
DASHES = {"-", "–", "—"}


def parse_text(s):
    """Numeric value of an amount typed as text; None when not a number.
    Returns (value, kind) kind in 'num', 'dash', 'placeholder'."""
    t = s.strip()
    if t in DASHES:
        return 0.0, "dash"
    if t in ("€", "£", "$", "EUR"):
        return 0.0, "placeholder"
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1].strip()
    t = t.replace("\u2212", "-")
    if t.startswith("-"):
        neg, t = (not neg), t[1:].strip()
    t = t.replace("EUR", "").replace("€", "").replace("£", "").replace("$", "").strip()
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+", t):
        v = float(t.replace(",", ""))
    else:
        t2 = t.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not re.fullmatch(r"\d+(\.\d+)?", t2):
            return None, None
        v = float(t2)
    return (-v if neg else v), "num"


def has_subtotal(e):
    if e is None:
        return False
    if e[0] == "SUBTOTAL":
        return True
    if e[0] in ("SUM",):
        return any(has_subtotal(a) for a in e[1])
    if e[0] == "+":
        return any(has_subtotal(t) for _, t in e[1])
    if e[0] in ("*", "/"):
        return has_subtotal(e[1]) or has_subtotal(e[2])
    if e[0] == "ROUND":
        return has_subtotal(e[1])
    return False


class Evaluator:
    """Spreadsheet semantics: SUM/SUBTOTAL over ranges skip text; SUBTOTAL skips nested
    SUBTOTAL cells; '+' on a blank is 0 (text there is a generation error)."""

    def __init__(self, book):
        self.b = book
        self.memo = {}
        self.lenient = 0

    def cell_value(self, s, r, c):
        key = (s, r, c)
        if key in self.memo:
            return self.memo[key]
        cell = self.b.sheets[s].get((r, c))
        if cell is None:
            v = None
        elif cell.kind == "n":
            v = float(cell.v)
        elif cell.kind == "s":
            v = cell.v            # str
        else:
            self.memo[key] = "CYCLE"
            if cell.kind == "t":
                self.lenient += 1
            v = self.ev(cell.e, s)
            if cell.kind == "t":
                self.lenient -= 1
        self.memo[key] = v
        return v

    def ev(self, e, cur):
        k = e[0]
        if k == "num":
            return float(e[1])
        if k == "ref":
            v = self.cell_value(e[1], e[2], e[3])
            if v is None:
                return 0.0
            if isinstance(v, str):
                if not self.lenient:
                    raise ValueError(f"text in arithmetic {e} {v!r}")
                pv, _ = parse_text(v)
                return pv or 0.0
            return v
        if k == "SUM":
            tot = 0.0
            for a in e[1]:
                if a[0] == "rng":
                    tot += self.rng(a, False)
                else:
                    v = self.ev(a, cur) if a[0] != "ref" else self.cell_value(a[1], a[2], a[3])
                    if isinstance(v, (int, float)):
                        tot += v
            return tot
        if k == "SUBTOTAL":
            return self.rng(e[1], True)
        if k == "+":
            return sum(sg * self.ev(t, cur) for sg, t in e[1])
        if k == "*":
            return self.ev(e[1], cur) * self.ev(e[2], cur)
        if k == "/":
            d = self.ev(e[2], cur)
            return self.ev(e[1], cur) / d if d else 0.0
        if k == "ROUND":
            x = self.ev(e[1], cur)
            return float(round_half_up(x, e[2]))
        raise ValueError(e)

    def rng(self, e, skip_sub):
        _, s, r1, c1, r2, c2 = e
        tot = 0.0
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cell = self.b.sheets[s].get((r, c))
                if cell is None or cell.kind == "s":
                    continue
                if skip_sub and cell.kind == "f" and has_subtotal(cell.e):
                    continue
                v = self.cell_value(s, r, c)
                if isinstance(v, (int, float)):
                    tot += v
        return tot


def round_half_up(x, n=0):
    import decimal
    q = decimal.Decimal(1).scaleb(-n)
    return float(decimal.Decimal(repr(x)).quantize(q, rounding=decimal.ROUND_HALF_UP))


def freeze(book):
    """Typed aggregates get their hand-computed value; formulas get cached = recomp."""
    ev = Evaluator(book)
    vals = {}
    for s in book.order:
        for (r, c), cell in book.sheets[s].items():
            if cell.kind in ("t", "f"):
                vals[(s, r, c)] = ev.cell_value(s, r, c)
    for (s, r, c), v in vals.items():
        cell = book.sheets[s][(r, c)]
        v = clean(v)
        if cell.kind == "t":
            cell.kind, cell.v, cell.e = "n", v, None
        else:
            cell.cached = cell.recomp = v


def recompute(book):
    ev = Evaluator(book)
    for s in book.order:
        for (r, c), cell in book.sheets[s].items():
            if cell.kind == "f":
                cell.recomp = clean(ev.cell_value(s, r, c))


def clean(v):
    if isinstance(v, float):
        v = round(v, 9)
        if v.is_integer():
            return float(int(v))
    return v


def stated(book, s, ref):
    """The value a checker uses for a cell: recomputed formula, typed number, parsed text;
    0 for empty / placeholder / dash."""
    r, c = ref
    cell = book.sheets[s].get((r, c))
    if cell is None:
        return 0.0
    if cell.kind == "n":
        return float(cell.v)
    if cell.kind == "f":
        return float(cell.recomp)
    v, _ = parse_text(cell.v)
    return 0.0 if v is None else v


def num(x):
    x = round(x, 6)
    return int(x) if float(x).is_integer() else x


TOL = 0.005


def run_checks(book, checks):
    """Mechanical findings (domain.md §4) from the check structure and the final values."""
    out = []
    # formula.stale first
    for s in book.order:
        for (r, c), cell in sorted(book.sheets[s].items()):
            if cell.kind == "f" and abs(cell.cached - cell.recomp) > TOL:
                out.append(dict(rule="formula.stale", sheet=s, cell=a1(r, c), expected=num(cell.recomp),
                                actual=num(cell.cached), why="cached value computed before an input was changed"))
    for ch in checks:
        s = ch["sheet"]
        cell = ch["at"]
        v = stated(book, s, cell)
        k = ch["kind"]
        if k in ("sum", "cross"):
            comps = [stated(book, s, x) for x in ch["comps"]]
            exp = sum(comps)
            gap = abs(v - exp)
            if gap <= TOL:
                continue
            if k == "cross":
                rule = "cross-total"
            else:
                rule = "sum.rounding" if gap <= 1.0 * len(comps) else "sum"
            out.append(dict(rule=rule, sheet=s, cell=a1(*cell), expected=num(exp), actual=num(v),
                            why=f"{ch['label']}: sum of {', '.join(a1(*x) for x in ch['comps'])}"))
        elif k == "balance":
            cv = stated(book, ch["csheet"], ch["charges"])
            if abs(v - cv) > TOL:
                out.append(dict(rule="balance", sheet=s, cell=a1(*cell), expected=num(cv), actual=num(v),
                                why=f"total income {num(v)} differs from total expenses {num(cv)} ({a1(*ch['charges'])})"))
        elif k == "result":
            pv = stated(book, s, ch["prod"])
            cv = stated(book, s, ch["charges"])
            if abs(v - (pv - cv)) > TOL:
                out.append(dict(rule="result", sheet=s, cell=a1(*cell), expected=num(pv - cv), actual=num(v),
                                why=f"result should be {a1(*ch['prod'])} - {a1(*ch['charges'])}"))
        elif k == "rate":
            base = sum(stated(book, ch.get("bsheet", s), x) for x in ch["base"])
            exp = ch["pct"] * base
            if abs(v - exp) > 1.0:
                out.append(dict(rule="rate", sheet=s, cell=a1(*cell), expected=num(round(exp, 2)), actual=num(v),
                                why=f"{ch['label']}: {ch['pct'] * 100:g} % of {num(base)}"))
        elif k == "product":
            q = stated(book, s, ch["q"])
            p = stated(book, s, ch["p"])
            if abs(v - q * p) > 1.0:
                out.append(dict(rule="product", sheet=s, cell=a1(*cell), expected=num(q * p), actual=num(v),
                                why=f"{ch['label']}: {num(q)} x {num(p)}"))
        elif k == "unit":
            exp = ch["rate"] * ch["months"]
            if abs(v - exp) > 1.0:
                out.append(dict(rule="unit", sheet=s, cell=a1(*cell), expected=num(exp), actual=num(v),
                                why=f"{ch['label']}: {num(ch['rate'])} per month x {ch['months']} months"))
        elif k == "missing":
            out.append(dict(rule="missing", sheet=s, cell=a1(*cell), expected=None, actual=None,
                            why=ch["label"] + ": the amount cell holds only a placeholder or is blank among filled periods"))
        elif k == "text":
            raw = book.sheets[s][cell].v
            out.append(dict(rule="text-number", sheet=s, cell=a1(*cell), expected=num(v), actual=raw, raw=raw,
                            why=ch["label"] + ": amount typed as text"))
    return out
