"""Grid model, formula evaluator, writers, own checker and injections for set D2.

Nothing here comes from Equilibre: the checker applies domain.md's rules to relations that the
family builders declare while they lay the plan out.
"""
import math
import re

# ---------------------------------------------------------------- addresses


def col_letter(c):
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def a1(r, c):
    return f"{col_letter(c)}{r + 1}"


def parse_a1(s):
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", s)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# ---------------------------------------------------------------- model


class Cell:
    __slots__ = ("v", "f", "cache", "fmt", "bold", "italic", "indent", "align", "wrap", "amount_text")

    def __init__(self, v=None, f=None, fmt=None, bold=False, italic=False, indent=0, align=None, wrap=False):
        self.v, self.f, self.cache, self.fmt = v, f, None, fmt
        self.bold, self.italic, self.indent, self.align, self.wrap = bold, italic, indent, align, wrap
        self.amount_text = False


class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.merges = []
        self.widths = {}
        self.hidden = set()

    def set(self, r, c, v=None, f=None, **kw):
        cell = Cell(v, f, **kw)
        self.cells[(r, c)] = cell
        return cell

    def get(self, r, c):
        return self.cells.get((r, c))


class Book:
    def __init__(self, name, lang="en"):
        self.name = name
        self.lang = lang
        self.sheets = []
        self.rels = []          # dicts, see rel()
        self.missing = []       # (sheet, r, c)
        self.ambiguous = []     # "Sheet!A1"
        self.info = {}          # truth extras: sheet, layout, periods, totals ids, notes
        self.injected = []      # descriptions
        self.stale = False

    def add(self, name):
        s = Sheet(name)
        self.sheets.append(s)
        return s

    def sheet(self, name):
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    def rel(self, kind, target, **kw):
        d = dict(kind=kind, target=target, **kw)
        self.rels.append(d)
        return d


# ---------------------------------------------------------------- number text


def fmt_text(x, style):
    """Amount written as text, the way a person or an export writes it."""
    neg = x < 0
    x = abs(x)
    if style in ("en2", "usd2", "gbp2", "paren2"):
        s = f"{x:,.2f}"
    elif style in ("en0", "usd0", "gbp0", "paren0"):
        s = f"{x:,.0f}"
    elif style == "de2":
        s = f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + " €"
    elif style == "de0":
        s = f"{x:,.0f}".replace(",", ".") + " €"
    else:
        raise ValueError(style)
    if style.startswith("usd"):
        s = "$" + s
    if style.startswith("gbp"):
        s = "£" + s
    if neg:
        s = f"({s})" if style.startswith(("paren", "usd", "gbp")) else "-" + s
    return s


def parse_text(s, lang):
    t = s.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if t in ("-", "–", "—"):
        return 0.0
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1]
    if t.startswith("-") or t.startswith("\u2212"):
        neg, t = True, t[1:]
    t = t.replace("$", "").replace("£", "").replace("€", "").replace("EUR", "").strip()
    if lang in ("de", "es", "nl", "fr"):
        t = t.replace(".", "").replace(" ", "").replace(",", ".")
    else:
        t = t.replace(",", "").replace(" ", "")
    try:
        v = float(t)
    except ValueError:
        return None
    return -v if neg else v


# ---------------------------------------------------------------- formulas

REF = re.compile(r"(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_]*)!)?(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?")


def _round(x, n=0):
    m = 10 ** int(n)
    y = abs(x) * m
    r = math.floor(y + 0.5 + 1e-9) / m
    return r if x >= 0 else -r


class Evaluator:
    def __init__(self, book, use_cache_for=None):
        self.book = book
        self.memo = {}

    def num(self, sheet, r, c):
        """Recomputed numeric value of a cell (None when empty or non-numeric)."""
        key = (sheet, r, c)
        if key in self.memo:
            return self.memo[key]
        cell = self.book.sheet(sheet).get(r, c)
        v = None
        if cell is not None:
            if cell.f:
                v = self.eval(sheet, cell.f)
            elif isinstance(cell.v, (int, float)):
                v = float(cell.v)
            elif isinstance(cell.v, str):
                v = parse_text(cell.v, self.book.lang)
        self.memo[key] = v
        return v

    def eval(self, sheet, f):
        expr = f[1:] if f.startswith("=") else f
        vals = []

        def sub(m):
            sh = m.group(1)
            sh = sh.strip("'").replace("''", "'") if sh else sheet
            r1, c1 = parse_a1(m.group(2))
            if m.group(3):
                r2, c2 = parse_a1(m.group(3))
                cells = [(sh, r, c) for r in range(min(r1, r2), max(r1, r2) + 1)
                         for c in range(min(c1, c2), max(c1, c2) + 1)]
                vals.append(("range", cells))
            else:
                vals.append(("ref", (sh, r1, c1)))
            return f"__v[{len(vals) - 1}]"

        py = REF.sub(sub, expr)
        py = re.sub(r"(\d+(?:\.\d+)?)%", r"(\1/100)", py)
        py = py.replace("SUBTOTAL(", "_SUBTOTAL(").replace("SUM(", "_SUM(").replace("ROUND(", "_ROUND(")
        py = py.replace("^", "**")
        env = {}
        vv = []
        for kind, x in vals:
            if kind == "range":
                vv.append(("range", [self.num(*k) for k in x]))
            else:
                vv.append(self.num(*x) or 0.0)

        def _sum(*args):
            t = 0.0
            for a in args:
                if isinstance(a, tuple):
                    t += sum(v for v in a[1] if v is not None and not self._is_text_cell(a))
                else:
                    t += a
            return t

        env.update(__v=vv, _SUM=_sum, _SUBTOTAL=lambda k, *a: _sum(*a), _ROUND=_round)
        return float(eval(py, {"__builtins__": {}}, env))

    def _is_text_cell(self, a):
        return False


def to_odf_formula(f):
    expr = f[1:] if f.startswith("=") else f

    def sub(m):
        sh = m.group(1)
        p = f"${sh}." if sh else "."
        if m.group(3):
            return f"[{p}{m.group(2)}:.{m.group(3)}]"
        return f"[{p}{m.group(2)}]"

    out = REF.sub(sub, expr).replace(",", ";")
    return "of:=" + out


# ---------------------------------------------------------------- caches, propagation


def compute_caches(book):
    ev = Evaluator(book)
    for sh in book.sheets:
        for (r, c), cell in sh.cells.items():
            if cell.f:
                cell.cache = ev.num(sh.name, r, c)


def rel_inputs(rel):
    k = rel["kind"]
    if k in ("agg", "cross"):
        return rel["comps"]
    if k == "rate":
        return rel["base"]
    if k == "product":
        return [rel["qty"], rel["price"]]
    if k == "result":
        return [rel["p"], rel["c"]]
    if k == "balance":
        return [rel["p"], rel["c"]]
    return []


def rel_expected(rel, val):
    k = rel["kind"]
    if k in ("agg", "cross"):
        return sum(val(x) or 0.0 for x in rel["comps"])
    if k == "rate":
        return rel["pct"] * sum(val(x) or 0.0 for x in rel["base"])
    if k == "product":
        return (val(rel["qty"]) or 0.0) * (val(rel["price"]) or 0.0)
    if k == "result":
        return (val(rel["p"]) or 0.0) - (val(rel["c"]) or 0.0)
    return None


def propagate(book, start, skip_kinds=(), freeze=()):
    """Recompute typed relation targets that depend on `start` cells, as an author who updates
    the totals by hand would. Formula targets are left to compute_caches."""
    dirty = set(start)
    ev_cache = {}

    def val(x):
        sh, r, c = x
        cell = book.sheet(sh).get(r, c)
        if cell is None:
            return None
        if cell.f:
            return Evaluator(book).num(sh, r, c)
        if isinstance(cell.v, (int, float)):
            return float(cell.v)
        if isinstance(cell.v, str):
            return parse_text(cell.v, book.lang)
        return None

    for _ in range(12):
        changed = False
        for rel in book.rels:
            if rel["kind"] == "balance" or rel["kind"] in skip_kinds:
                continue
            t = tuple(rel["target"])
            if t in freeze or t in dirty and t in start:
                continue
            if not any(tuple(i) in dirty for i in rel_inputs(rel)):
                continue
            cell = book.sheet(t[0]).get(t[1], t[2])
            if cell is None or cell.f or cell.v is None:
                if cell is not None and cell.f:
                    if t not in dirty:
                        dirty.add(t)
                        changed = True
                continue
            e = rel_expected(rel, val)
            nd = rel.get("nd", 2)
            e = _round(e, nd)
            old = val(t)
            if old is None or abs(old - e) > 1e-9:
                if cell.amount_text:
                    cell.v = fmt_text(e, rel.get("tstyle", "en2"))
                else:
                    cell.v = e
                changed = True
            if t not in dirty:
                dirty.add(t)
                changed = True
        if not changed:
            break


# ---------------------------------------------------------------- own checker


def check(book):
    """Findings by domain.md's rules over the grid as it is (cached vs recomputed values)."""
    ev = Evaluator(book)
    findings = []
    amb = set(book.ambiguous)

    def val(x):
        return ev.num(*x)

    def add(rule, x, exp, act, why, raw=None):
        sh, r, c = x
        f = dict(rule=rule, sheet=sh, cell=a1(r, c), expected=exp, actual=act, why=why)
        if raw is not None:
            f["raw"] = raw
        findings.append(f)

    def rnd(x):
        return None if x is None else round(x, 6)

    # stale formulas
    for sh in book.sheets:
        for (r, c), cell in sorted(sh.cells.items()):
            if cell.f:
                rec = ev.num(sh.name, r, c)
                if cell.cache is None or abs((cell.cache or 0) - (rec or 0)) > 0.005:
                    add("formula.stale", (sh.name, r, c), rnd(rec), rnd(cell.cache),
                        f"cached value {cell.cache} but {cell.f} recomputes to {rec}")
    for rel in book.rels:
        k = rel["kind"]
        t = tuple(rel["target"])
        cell = book.sheet(t[0]).get(t[1], t[2])
        stated = val(t)
        if k == "balance":
            p, cc = val(tuple(rel["p"])), val(tuple(rel["c"]))
            if p is None or cc is None:
                continue
            if abs(p - cc) > 0.005:
                add("balance", tuple(rel["p"]), rnd(cc), rnd(p),
                    f"total income {p:.2f} differs from total expenses {cc:.2f} ({rel.get('label', '')})")
            continue
        if stated is None:
            continue
        exp = rel_expected(rel, val)
        gap = abs(stated - exp)
        if k == "agg":
            n = len(rel["comps"])
            if gap > 0.005:
                rule = "sum.rounding" if gap <= 1.0 * n else "sum"
                add(rule, t, rnd(exp), rnd(stated), f"{rel.get('label', '')}: components add up to {exp:.2f}, stated {stated:.2f}")
        elif k == "cross":
            if gap > 0.005:
                add("cross-total", t, rnd(exp), rnd(stated), f"{rel.get('label', '')}: period columns add up to {exp:.2f}, Total column states {stated:.2f}")
        elif k == "rate":
            if gap > 1.0:
                add("rate", t, rnd(exp), rnd(stated), f"{rel.get('label', '')}: {rel['pct'] * 100:g} % of base {exp / rel['pct'] if rel['pct'] else 0:.2f} = {exp:.2f}, stated {stated:.2f}")
        elif k == "product":
            if gap > 1.0:
                add("product", t, rnd(exp), rnd(stated), f"{rel.get('label', '')}: quantity x unit price = {exp:.2f}, stated {stated:.2f}")
        elif k == "result":
            if gap > 0.005:
                add("result", t, rnd(exp), rnd(stated), f"{rel.get('label', '')}: income - expenses = {exp:.2f}, stated {stated:.2f}")
    for x in book.missing:
        add("missing", tuple(x), None, None, "line filled in the other columns, empty here" if len(x) == 3 else "")
    # text numbers
    for sh in book.sheets:
        for (r, c), cell in sorted(sh.cells.items()):
            if cell.amount_text and isinstance(cell.v, str):
                pv = parse_text(cell.v, book.lang)
                add("text-number", (sh.name, r, c), pv, cell.v, "amount stored as text", raw=cell.v)
    # dedupe (same rule+cell)
    seen, out = set(), []
    for f in findings:
        k = (f["rule"], f["sheet"], f["cell"])
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def stated_value(book, x):
    """Value a reader takes for a cell: cached for a formula unless stale (then recomputed)."""
    ev = Evaluator(book)
    return ev.num(*x)
