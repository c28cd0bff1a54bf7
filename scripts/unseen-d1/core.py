"""Grid model, formula evaluator, independent checker and writers for the unseenD1 set.

Written for this set only (no Equilibre code read). Rules follow /work/shared/docs/domain.md.
"""
import math
import os
import re

# ----------------------------------------------------------------------------- addresses

def col_letter(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def addr(r, c):
    return f"{col_letter(c)}{r + 1}"


def parse_addr(a):
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", a)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# ----------------------------------------------------------------------------- amounts as text

DASHES = {"-", "–", "—", "‒"}


def parse_amount(s):
    """French/English amount text -> float; None when it is not a number. Dashes -> 0.0."""
    if s is None:
        return None
    if isinstance(s, (int, float)):
        return float(s)
    t = str(s).strip().replace("\u00a0", " ").replace("\u202f", " ")
    if t in DASHES:
        return 0.0
    t = t.replace("€", "").replace("EUR", "").strip()
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1].strip()
    if t[:1] in ("-", "−"):
        neg, t = True, t[1:].strip()
    t = t.replace(" ", "")
    if not t:
        return None
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", t):  # 12.500 or 12.500,50
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+(,\d+)?", t):
        t = t.replace(",", ".")
    elif not re.fullmatch(r"\d+(\.\d+)?", t):
        return None
    v = float(t)
    return -v if neg else v


def fr_text(v, decimals=2, sep="\u00a0", euro=True, style="space"):
    """Format like a pasted French PDF amount."""
    neg = v < 0
    v = abs(v)
    whole = int(round(v * 10 ** decimals)) // 10 ** decimals if decimals else int(round(v))
    frac = int(round(v * 10 ** decimals)) % 10 ** decimals if decimals else 0
    digits = f"{whole:,}".replace(",", "." if style == "dot" else sep)
    s = digits + ("," + str(frac).zfill(decimals) if decimals else "")
    if euro:
        s += ("\u00a0€" if sep != " " else " €")
    return ("-" if neg else "") + s


# ----------------------------------------------------------------------------- model

class Cell:
    __slots__ = ("v", "f", "fmt", "bold", "italic", "indent", "wrap")

    def __init__(self, v=None, f=None, fmt=None, bold=False, italic=False, indent=0):
        self.v, self.f, self.fmt, self.bold, self.italic, self.indent = v, f, fmt, bold, italic, indent
        self.wrap = False


class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.merges = []   # (r1, c1, r2, c2)
        self.widths = {}
        self.hidden_cols = set()
        self.hidden = False

    def set(self, r, c, v=None, f=None, fmt=None, bold=False, italic=False, indent=0):
        self.cells[(r, c)] = Cell(v, f, fmt, bold, italic, indent)
        return addr(r, c)

    def get(self, r, c):
        return self.cells.get((r, c))

    def merge(self, r1, c1, r2, c2, v, bold=True, fmt=None):
        self.set(r1, c1, v, bold=bold, fmt=fmt)
        self.merges.append((r1, c1, r2, c2))

    def max_rc(self):
        if not self.cells:
            return 0, 0
        return max(r for r, _ in self.cells), max(c for _, c in self.cells)


class Book:
    def __init__(self, name, family, writer, lang="fr"):
        self.name, self.family, self.writer, self.lang = name, family, writer, lang
        self.sheets = []
        self.aggs = []      # (sheet, cell, [comp (sheet, cell)], label)
        self.balances = []  # (sheet, charges_cell, produits_cell)
        self.results = []   # (sheet, cell, prod (sheet,cell), charges (sheet,cell))
        self.rates = []     # (sheet, cell, pct, [base (sheet,cell)], label)
        self.products = []  # (sheet, cell, q, p)
        self.xtotals = []   # (sheet, cell, [comps])
        self.missing = []   # (sheet, cell, why)
        self.amount_cells = set()
        self.ambiguous = []
        self.notes = []
        self.layout = ""
        self.plan_sheet = None
        self.periods = []
        self.tot_c = None   # list of (sheet, cell) per period, or dict label -> (sheet, cell)
        self.tot_p = None
        self.injected = []  # descriptions
        self.frozen = {}    # (sheet, cell) -> cached value (stale formulas)

    def sheet(self, name):
        s = Sheet(name)
        self.sheets.append(s)
        return s

    def sh(self, name):
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    def cell(self, sheet, a):
        r, c = parse_addr(a)
        return self.sh(sheet).get(r, c)


# ----------------------------------------------------------------------------- evaluator

REF = r"(?:'((?:[^']|'')+)'!)?\$?([A-Z]{1,3})\$?(\d+)"
RANGE_RE = re.compile(REF + r":\$?([A-Z]{1,3})\$?(\d+)")
REF_RE = re.compile(REF)


def _expand(sheet, a1, a2):
    r1, c1 = parse_addr(a1)
    r2, c2 = parse_addr(a2)
    return [(sheet, addr(r, c)) for r in range(min(r1, r2), max(r1, r2) + 1) for c in range(min(c1, c2), max(c1, c2) + 1)]


def formula_refs(sheet, f):
    out = []
    body = f
    for m in RANGE_RE.finditer(f):
        sh = m.group(1).replace("''", "'") if m.group(1) else sheet
        out += _expand(sh, m.group(2) + m.group(3), m.group(4) + m.group(5))
    body = RANGE_RE.sub(" ", f)
    for m in REF_RE.finditer(body):
        sh = m.group(1).replace("''", "'") if m.group(1) else sheet
        out.append((sh, m.group(2) + m.group(3)))
    return out


class Evaluator:
    def __init__(self, book):
        self.book = book
        self.memo = {}

    def raw(self, sheet, a):
        c = self.book.cell(sheet, a)
        return c

    def value(self, sheet, a):
        key = (sheet, a)
        if key in self.memo:
            return self.memo[key]
        c = self.book.cell(sheet, a)
        if c is None:
            v = None
        elif c.f:
            v = self.eval_formula(sheet, c.f)
        else:
            v = c.v
        self.memo[key] = v
        return v

    def num(self, sheet, a):
        v = self.value(sheet, a)
        if v is None:
            return 0.0
        if isinstance(v, str):
            p = parse_amount(v)
            return p if p is not None else 0.0
        return float(v)

    def eval_formula(self, sheet, f):
        expr = f[1:] if f.startswith("=") else f

        def rng(m):
            sh = m.group(1).replace("''", "'") if m.group(1) else sheet
            cells = _expand(sh, m.group(2) + m.group(3), m.group(4) + m.group(5))
            return "[" + ",".join(f"N({s!r},{a!r})" for s, a in cells) + "]"

        expr = RANGE_RE.sub(rng, expr)

        def ref(m):
            sh = m.group(1).replace("''", "'") if m.group(1) else sheet
            return f"N({sh!r},{(m.group(2) + m.group(3))!r})"

        # refs not inside the already substituted N('..','..') strings: substitute on segments outside quotes
        parts = re.split(r"(N\('(?:[^'\\]|\\.)*','[A-Z]+\d+'\))", expr)
        expr = "".join(p if p.startswith("N(") else REF_RE.sub(ref, p) for p in parts)
        expr = expr.replace(";", ",")
        expr = re.sub(r"SUBTOTAL\(\s*(?:9|109)\s*,", "SUM(", expr)

        def SUM(*args):
            t = 0.0
            for a in args:
                t += sum(a) if isinstance(a, list) else a
            return t

        def ROUND(x, n=0):
            q = 10 ** int(n)
            return math.floor(abs(x) * q + 0.5) / q * (1 if x >= 0 else -1)

        return eval(expr, {"__builtins__": {}}, {"N": self.num, "SUM": SUM, "ROUND": ROUND})


def cached_values(book):
    """Values to store for every formula cell: evaluation, except frozen (stale) ones."""
    ev = Evaluator(book)
    out = {}
    for s in book.sheets:
        for (r, c), cell in s.cells.items():
            if cell.f:
                key = (s.name, addr(r, c))
                out[key] = book.frozen.get(key, ev.value(s.name, addr(r, c)))
    return out


# ----------------------------------------------------------------------------- checker (truth)

def _r(x):
    return None if x is None else round(float(x), 2)


def check(book):
    """Findings of the book, from the grid and the registered structure."""
    ev = Evaluator(book)
    cache = cached_values(book)
    F = []
    # formula.stale
    for s in book.sheets:
        for (r, c), cell in sorted(s.cells.items()):
            if cell.f:
                key = (s.name, addr(r, c))
                rec = ev.value(*key)
                if isinstance(rec, (int, float)) and abs(float(cache[key]) - rec) > 0.005:
                    F.append(dict(rule="formula.stale", sheet=s.name, cell=key[1], expected=_r(rec), actual=_r(cache[key]),
                                  why=f"cached value {cache[key]:.2f} but {cell.f} gives {rec:.2f}"))
    def blank(sheet, a):
        c = book.cell(sheet, a)
        return c is None or (c.f is None and (c.v is None or (isinstance(c.v, str) and parse_amount(c.v) is None)))
    for sheet, a, comps, label in book.aggs:
        if blank(sheet, a):
            continue
        st = ev.num(sheet, a)
        ex = sum(ev.num(s2, a2) for s2, a2 in comps)
        gap = abs(st - ex)
        if gap > 0.005:
            rule = "sum.rounding" if gap <= len(comps) else "sum"
            F.append(dict(rule=rule, sheet=sheet, cell=a, expected=_r(ex), actual=_r(st),
                          why=f"'{label}' states {st:.2f}, its {len(comps)} components add up to {ex:.2f}"))
    for sheet, ch, pr in book.balances:
        c, p = ev.num(sheet, ch), ev.num(sheet, pr)
        if abs(c - p) > 0.005:
            F.append(dict(rule="balance", sheet=sheet, cell=pr, expected=_r(c), actual=_r(p),
                          why=f"total produits {p:.2f} (at {pr}) differs from total charges {c:.2f} (at {ch})"))
    for sheet, a, pr, ch in book.results:
        ex = ev.num(*pr) - ev.num(*ch)
        st = ev.num(sheet, a)
        if abs(ex - st) > 0.005:
            F.append(dict(rule="result", sheet=sheet, cell=a, expected=_r(ex), actual=_r(st),
                          why=f"result states {st:.2f}, produits − charges = {ex:.2f}"))
    for sheet, a, pct, base, label in book.rates:
        b = sum(ev.num(*x) for x in base)
        ex = pct * b
        st = ev.num(sheet, a)
        if abs(ex - st) > 1.0:
            F.append(dict(rule="rate", sheet=sheet, cell=a, expected=_r(ex), actual=_r(st),
                          why=f"'{label}': {pct * 100:g} % × {b:.2f} = {ex:.2f}, stated {st:.2f}"))
    for sheet, a, q, p in book.products:
        ex = ev.num(sheet, q) * ev.num(sheet, p)
        st = ev.num(sheet, a)
        if abs(ex - st) > 1.0:
            F.append(dict(rule="product", sheet=sheet, cell=a, expected=_r(ex), actual=_r(st),
                          why=f"quantity {ev.num(sheet, q):g} × unit price {ev.num(sheet, p):.2f} = {ex:.2f}, stated {st:.2f}"))
    for sheet, a, comps in book.xtotals:
        if blank(sheet, a):
            continue
        ex = sum(ev.num(*x) for x in comps)
        st = ev.num(sheet, a)
        if abs(ex - st) > 0.005:
            F.append(dict(rule="cross-total", sheet=sheet, cell=a, expected=_r(ex), actual=_r(st),
                          why=f"Total column states {st:.2f}, the period columns add up to {ex:.2f}"))
    for sheet, a, why in book.missing:
        F.append(dict(rule="missing", sheet=sheet, cell=a, expected=None, actual=None, why=why))
    for sheet, a in sorted(book.amount_cells):
        c = book.cell(sheet, a)
        if c is not None and c.f is None and isinstance(c.v, str):
            t = c.v.strip().replace("\u00a0", "").replace("\u202f", "")
            if t in DASHES:
                continue
            p = parse_amount(c.v)
            if p is not None:
                F.append(dict(rule="text-number", sheet=sheet, cell=a, expected=p, actual=c.v, raw=c.v,
                              why="amount stored as text"))
    return F, ev


def totals_values(book, ev):
    def one(x):
        if x is None:
            return None
        if isinstance(x, dict):
            return {k: _r(ev.num(*v)) for k, v in x.items()}
        return [_r(ev.num(*v)) if v else None for v in x]
    return {"charges": one(book.tot_c), "produits": one(book.tot_p)}


# ----------------------------------------------------------------------------- writers

FMTS = {
    "eur0": ('#,##0 "€"', "eur0"),
    "eur2": ('#,##0.00 "€"', "eur2"),
    "int": ("#,##0", "int"),
    "dec2": ("#,##0.00", "dec2"),
    "pct": ("0%", "pct"),
    "pct1": ("0.0%", "pct1"),
    "keur": ("#,##0", "int"),
}


def write_xlsxwriter(book, path):
    import xlsxwriter
    cache = cached_values(book)
    wb = xlsxwriter.Workbook(path)
    fcache = {}

    def fmt(cell):
        key = (cell.fmt, cell.bold, cell.italic, cell.indent, cell.wrap)
        if key not in fcache:
            d = {}
            if cell.fmt:
                d["num_format"] = FMTS[cell.fmt][0]
            if cell.bold:
                d["bold"] = True
            if cell.italic:
                d["italic"] = True
            if cell.indent:
                d["indent"] = cell.indent
            if cell.wrap:
                d["text_wrap"] = True
            fcache[key] = wb.add_format(d) if d else None
        return fcache[key]

    for s in book.sheets:
        ws = wb.add_worksheet(s.name)
        for c, w in s.widths.items():
            ws.set_column(c, c, w, None, {"hidden": c in s.hidden_cols})
        for c in s.hidden_cols:
            if c not in s.widths:
                ws.set_column(c, c, 10, None, {"hidden": True})
        merged_first = {(m[0], m[1]): m for m in s.merges}
        for (r, c), cell in sorted(s.cells.items()):
            f = fmt(cell)
            if (r, c) in merged_first:
                m = merged_first[(r, c)]
                ws.merge_range(m[0], m[1], m[2], m[3], cell.v if cell.v is not None else "", f)
                continue
            if cell.f:
                ws.write_formula(r, c, cell.f, f, cache[(s.name, addr(r, c))])
            elif cell.v is None:
                if f:
                    ws.write_blank(r, c, None, f)
            elif isinstance(cell.v, str):
                ws.write_string(r, c, cell.v, f)
            else:
                ws.write_number(r, c, cell.v, f)
        if s.hidden:
            ws.hide()
    wb.close()


def write_openpyxl(book, path):
    import openpyxl
    from openpyxl.styles import Font, Alignment
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for s in book.sheets:
        ws = wb.create_sheet(s.name)
        for c, w in s.widths.items():
            ws.column_dimensions[col_letter(c)].width = w
        for c in s.hidden_cols:
            ws.column_dimensions[col_letter(c)].hidden = True
        for (r, c), cell in sorted(s.cells.items()):
            x = ws.cell(row=r + 1, column=c + 1)
            x.value = cell.f if cell.f else cell.v
            if cell.fmt:
                x.number_format = FMTS[cell.fmt][0]
            if cell.bold or cell.italic:
                x.font = Font(bold=cell.bold, italic=cell.italic)
            if cell.indent:
                x.alignment = Alignment(indent=cell.indent)
        for m in s.merges:
            ws.merge_cells(start_row=m[0] + 1, start_column=m[1] + 1, end_row=m[2] + 1, end_column=m[3] + 1)
        if s.hidden:
            ws.sheet_state = "hidden"
    wb.save(path)


def to_odf_formula(f):
    body = f[1:]

    def rng(m):
        sh = m.group(1)
        a, b = m.group(2) + m.group(3), m.group(4) + m.group(5)
        return f"['{sh}'.{a}:.{b}]" if sh else f"[.{a}:.{b}]"

    body = RANGE_RE.sub(rng, body)
    parts = re.split(r"(\[[^\]]*\])", body)

    def ref(m):
        sh = m.group(1)
        a = m.group(2) + m.group(3)
        return f"['{sh}'.{a}]" if sh else f"[.{a}]"

    body = "".join(p if p.startswith("[") else REF_RE.sub(ref, p) for p in parts)
    body = body.replace(",", ";")
    return "of:=" + body


def write_odfpy(book, path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties, TableColumnProperties, ParagraphProperties
    from odf.number import NumberStyle, Number, Text as NText, PercentageStyle
    from odf.table import Table, TableColumn, TableRow, TableCell, CoveredTableCell
    from odf.text import P
    cache = cached_values(book)
    doc = OpenDocumentSpreadsheet()
    ns_eur0 = NumberStyle(name="N_eur0")
    ns_eur0.addElement(Number(decimalplaces=0, minintegerdigits=1, grouping="true"))
    ns_eur0.addElement(NText(text=" €"))
    ns_eur2 = NumberStyle(name="N_eur2")
    ns_eur2.addElement(Number(decimalplaces=2, minintegerdigits=1, grouping="true"))
    ns_eur2.addElement(NText(text=" €"))
    ns_int = NumberStyle(name="N_int")
    ns_int.addElement(Number(decimalplaces=0, minintegerdigits=1, grouping="true"))
    ns_dec2 = NumberStyle(name="N_dec2")
    ns_dec2.addElement(Number(decimalplaces=2, minintegerdigits=1, grouping="true"))
    ns_pct = PercentageStyle(name="N_pct")
    ns_pct.addElement(Number(decimalplaces=0, minintegerdigits=1))
    ns_pct.addElement(NText(text="%"))
    ns_pct1 = PercentageStyle(name="N_pct1")
    ns_pct1.addElement(Number(decimalplaces=1, minintegerdigits=1))
    ns_pct1.addElement(NText(text="%"))
    for n in (ns_eur0, ns_eur2, ns_int, ns_dec2, ns_pct, ns_pct1):
        doc.automaticstyles.addElement(n)
    dmap = {"eur0": "N_eur0", "eur2": "N_eur2", "int": "N_int", "keur": "N_int", "dec2": "N_dec2", "pct": "N_pct", "pct1": "N_pct1"}
    scache = {}

    def style(cell):
        key = (cell.fmt, cell.bold, cell.italic, cell.indent)
        if key == (None, False, False, 0):
            return None
        if key not in scache:
            st = Style(name=f"ce{len(scache) + 1}", family="table-cell", **({"datastylename": dmap[cell.fmt]} if cell.fmt else {}))
            tp = {}
            if cell.bold:
                tp["fontweight"] = "bold"
            if cell.italic:
                tp["fontstyle"] = "italic"
            if tp:
                st.addElement(TextProperties(**tp))
            if cell.indent:
                st.addElement(ParagraphProperties(marginleft=f"{0.3 * cell.indent:.1f}cm"))
            doc.automaticstyles.addElement(st)
            scache[key] = st
        return scache[key]

    colstyles = {}
    for s in book.sheets:
        t = Table(name=s.name)
        if s.hidden:
            pass
        mr, mc = s.max_rc()
        for c in range(mc + 1):
            w = s.widths.get(c, 11)
            if w not in colstyles:
                cs = Style(name=f"co{len(colstyles) + 1}", family="table-column")
                cs.addElement(TableColumnProperties(columnwidth=f"{w * 0.19:.2f}cm"))
                doc.automaticstyles.addElement(cs)
                colstyles[w] = cs
            kw = {"stylename": colstyles[w]}
            if c in s.hidden_cols:
                kw["visibility"] = "collapse"
            t.addElement(TableColumn(**kw))
        covered = set()
        spans = {}
        for m in s.merges:
            spans[(m[0], m[1])] = (m[2] - m[0] + 1, m[3] - m[1] + 1)
            for r in range(m[0], m[2] + 1):
                for c in range(m[1], m[3] + 1):
                    if (r, c) != (m[0], m[1]):
                        covered.add((r, c))
        for r in range(mr + 1):
            tr = TableRow()
            for c in range(mc + 1):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                cell = s.get(r, c)
                kw = {}
                if (r, c) in spans:
                    kw["numberrowsspanned"], kw["numbercolumnsspanned"] = spans[(r, c)]
                if cell is None:
                    tr.addElement(TableCell(**kw))
                    continue
                st = style(cell)
                if st is not None:
                    kw["stylename"] = st
                if cell.f:
                    v = cache[(s.name, addr(r, c))]
                    vt = "percentage" if cell.fmt in ("pct", "pct1") else "float"
                    tc = TableCell(formula=to_odf_formula(cell.f), valuetype=vt, value=repr(float(v)), **kw)
                    tc.addElement(P(text=_disp(v, cell.fmt)))
                elif cell.v is None:
                    tc = TableCell(**kw)
                elif isinstance(cell.v, str):
                    tc = TableCell(valuetype="string", **kw)
                    for i, line in enumerate(cell.v.split("\n")):
                        tc.addElement(P(text=line))
                else:
                    vt = "percentage" if cell.fmt in ("pct", "pct1") else "float"
                    tc = TableCell(valuetype=vt, value=repr(float(cell.v)), **kw)
                    tc.addElement(P(text=_disp(cell.v, cell.fmt)))
                tr.addElement(tc)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(path)


def _disp(v, fmt):
    v = float(v)
    if fmt in ("pct", "pct1"):
        return f"{v * 100:.{0 if fmt == 'pct' else 1}f}".replace(".", ",") + " %"
    if fmt in ("eur2", "dec2"):
        s = f"{v:,.2f}".replace(",", "\u202f").replace(".", ",")
    else:
        s = f"{v:,.0f}".replace(",", "\u202f")
    return s + (" €" if fmt in ("eur0", "eur2") else "")
