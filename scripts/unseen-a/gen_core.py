"""Core model for the unseen-plan generator: nodes, evaluation, defects, checker, writers.

Independent of Equilibre: findings are derived from the structure built here.
"""
import re
import random

from xlsxwriter.utility import xl_rowcol_to_cell, xl_col_to_name

TOL = 0.005


def rnd(x, d=0):
    """ROUND as spreadsheets do it: half away from zero (Python's round() is half-even)."""
    from decimal import Decimal, ROUND_HALF_UP
    return float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP))


def r2(x):
    return rnd(x, 2)


class Node:
    _n = 0

    def __init__(self, label, kind="item", side="charges", children=None, vals=None, **kw):
        Node._n += 1
        self.id = Node._n
        self.label = label
        self.kind = kind            # item agg rate bal result ref memo
        self.side = side
        self.children = children or []
        self.vals = list(vals) if vals is not None else None
        self.pct = kw.get("pct")
        self.base = kw.get("base", [])
        self.qty = kw.get("qty")      # per period lists for product items
        self.price = kw.get("price")
        self.bal_total = kw.get("bal_total")   # charges total node for a balancing line
        self.bal_others = kw.get("bal_others", [])
        self.res_pr = kw.get("res_pr")
        self.res_ch = kw.get("res_ch")
        self.ref = kw.get("ref")
        self.bold = kw.get("bold", False)
        self.display = kw.get("display", "first")  # first | after (heading row, lines, total row)
        self.heading = kw.get("heading")
        self.code = kw.get("code")
        self.num = kw.get("num")
        self.remark = kw.get("remark")
        self.grand = kw.get("grand", False)
        self.indent = kw.get("indent", 0)
        self.sheet = None
        self.row = None
        self.cols = None      # per period column index
        self.tcol = None      # Total column index
        self.formula = None   # per period bool
        self.tformula = False
        self.tval = None
        self.text = None      # per period text (text-number)
        self.cached = None
        self.rdig = kw.get("rdig", 0)
        self.qcol = None
        self.pcol = None

    def derived(self):
        return self.kind in ("agg", "rate", "bal", "result", "ref", "memo") or (self.kind == "item" and self.qty is not None)


def topo(nodes):
    """Order nodes so that dependencies come first."""
    out, seen = [], set()

    def deps(n):
        d = list(n.children) + list(n.base)
        if n.kind == "bal":
            d += [n.bal_total] + n.bal_others
        if n.kind == "result":
            d += [n.res_pr, n.res_ch]
        if n.kind in ("ref",):
            d += [n.ref]
        if n.kind == "memo":
            d += n.children
        return d

    def visit(n):
        if n.id in seen:
            return
        seen.add(n.id)
        for d in deps(n):
            visit(d)
        out.append(n)

    for n in nodes:
        visit(n)
    return out


def compute(n, p):
    if n.kind == "agg":
        return r2(sum(c.vals[p] for c in n.children))
    if n.kind == "memo":   # MTDC-like: first child minus the others
        return r2(n.children[0].vals[p] - sum(c.vals[p] for c in n.children[1:]))
    if n.kind == "rate":
        b = sum(c.vals[p] for c in n.base)
        return rnd(n.pct * b, n.rdig)
    if n.kind == "bal":
        return r2(n.bal_total.vals[p] - sum(c.vals[p] for c in n.bal_others))
    if n.kind == "result":
        return r2(n.res_pr.vals[p] - n.res_ch.vals[p])
    if n.kind == "ref":
        return n.ref.vals[p]
    if n.kind == "item" and n.qty is not None:
        return r2(n.qty[p] * n.price[p])
    return n.vals[p]


class Plan:
    def __init__(self, name, fmt, lang, nper):
        self.name = name
        self.fmt = fmt
        self.lang = lang
        self.nper = nper
        self.nodes = []
        self.has_total_col = False
        self.balance_pairs = []   # (charges node, produits node)
        self.ch_total = None
        self.pr_total = None
        self.sheets = []          # list of Sheet
        self.plan_sheet = None
        self.periods = []
        self.notes = []
        self.ambiguous = []
        self.extra_findings = []

    def add(self, n):
        self.nodes.append(n)
        return n

    # ---- evaluation -------------------------------------------------
    def author_eval(self, frozen=frozenset()):
        frozen = set(frozen) | getattr(self, "pinned", set())
        for n in topo(self.nodes):
            if n.vals is None:
                n.vals = [0.0] * self.nper
            if n.derived():
                for p in range(self.nper):
                    if (n.id, p) not in frozen:
                        n.vals[p] = compute(n, p)
            if self.has_total_col and n.tcol is not None and (n.id, "T") not in frozen:
                n.tval = r2(sum(n.vals))

    def typed_frozen(self):
        f = set()
        for n in self.nodes:
            for p in range(self.nper):
                if n.formula and not n.formula[p] and n.derived():
                    f.add((n.id, p))
            if n.tcol is not None and not n.tformula:
                f.add((n.id, "T"))
        return f

    def recalc(self):
        """Spreadsheet recalculation: formula cells only. Returns {(id,p): value}."""
        rec = {}
        # work on copies: the sheet's stored values for typed cells, recomputed for formulas
        saved = {n.id: list(n.vals) for n in self.nodes}
        savedt = {n.id: n.tval for n in self.nodes}
        for n in topo(self.nodes):
            for p in range(self.nper):
                if n.formula and n.formula[p] and n.derived():
                    n.vals[p] = compute(n, p)
            if n.tcol is not None and n.tformula:
                n.tval = r2(sum(n.vals))
        for n in self.nodes:
            rec[n.id] = (list(n.vals), n.tval)
            n.vals = saved[n.id]
            n.tval = savedt[n.id]
        return rec


def cell(col, row):
    return xl_rowcol_to_cell(row - 1, col)


def check(plan, stale=False):
    """Findings from the structure, on recalculated values."""
    rec = plan.recalc()
    F = []

    def V(n, p):
        return rec[n.id][0][p]

    sh = lambda n: n.sheet
    for n in plan.nodes:
        if n.row is None:
            continue
        for p in range(plan.nper):
            c = cell(n.cols[p], n.row)
            if n.text and n.text[p] is not None:
                F.append(dict(rule="text-number", sheet=sh(n), cell=c, expected=n.vals[p], actual=n.text[p]))
            if stale and n.formula and n.formula[p] and n.derived() and abs(n.vals[p] - V(n, p)) > TOL:
                F.append(dict(rule="formula.stale", sheet=sh(n), cell=c, expected=V(n, p), actual=n.vals[p]))
            v = V(n, p)
            if n.kind == "agg":
                s = r2(sum(V(k, p) for k in n.children))
                gap = abs(s - v)
                if gap > TOL:
                    rule = "sum.rounding" if gap <= len(n.children) else "sum"
                    F.append(dict(rule=rule, sheet=sh(n), cell=c, expected=s, actual=v))
            elif n.kind == "rate":
                e = n.pct * sum(V(k, p) for k in n.base)
                if abs(e - v) > 1.0:
                    F.append(dict(rule="rate", sheet=sh(n), cell=c, expected=round(e, 2), actual=v))
            elif n.kind == "item" and n.qty is not None:
                e = r2(n.qty[p] * n.price[p])
                if abs(e - v) > TOL:
                    F.append(dict(rule="product", sheet=sh(n), cell=c, expected=e, actual=v))
            elif n.kind == "result":
                e = r2(V(n.res_pr, p) - V(n.res_ch, p))
                if abs(e - v) > TOL:
                    F.append(dict(rule="result", sheet=sh(n), cell=c, expected=e, actual=v))
        if plan.has_total_col and n.tcol is not None:
            tv = rec[n.id][1]
            c = cell(n.tcol, n.row)
            if stale and n.tformula and abs(tv - n.tval) > TOL:
                F.append(dict(rule="formula.stale", sheet=sh(n), cell=c, expected=tv, actual=n.tval))
            s = r2(sum(V(n, p) for p in range(plan.nper)))
            if abs(s - tv) > TOL:
                F.append(dict(rule="cross-total", sheet=sh(n), cell=c, expected=s, actual=tv))
    for ch, pr in plan.balance_pairs:
        for p in range(plan.nper):
            a, b = V(ch, p), V(pr, p)
            if abs(a - b) > TOL:
                F.append(dict(rule="balance", sheet=sh(pr), cell=cell(pr.cols[p], pr.row), expected=a, actual=b))
    F += plan.extra_findings
    return F, rec


# ---------------------------------------------------------------- formulas
def ref(n, p, from_sheet, total=False):
    col = n.tcol if total else n.cols[p]
    c = cell(col, n.row)
    if n.sheet != from_sheet:
        return "'%s'!%s" % (n.sheet, c)
    return c


def sum_expr(nodes, p, sheet, style):
    cols = {k.cols[p] for k in nodes}
    rows = [k.row for k in nodes]
    same = all(k.sheet == sheet for k in nodes)
    if same and len(cols) == 1 and rows == list(range(rows[0], rows[0] + len(rows))) and len(rows) > 1:
        rng = "%s:%s" % (cell(nodes[0].cols[p], rows[0]), cell(nodes[0].cols[p], rows[-1]))
        if style == "subtotal":
            return "SUBTOTAL(9,%s)" % rng
        return "SUM(%s)" % rng
    if style == "sumlist" and same:
        return "SUM(%s)" % ",".join(ref(k, p, sheet) for k in nodes)
    return "+".join(ref(k, p, sheet) for k in nodes)


def formula_text(n, p, style):
    s = n.sheet
    if n.kind == "agg":
        return "=" + sum_expr(n.children, p, s, n.fstyle if hasattr(n, "fstyle") else style)
    if n.kind == "memo":
        return "=" + ref(n.children[0], p, s) + "".join("-" + ref(k, p, s) for k in n.children[1:])
    if n.kind == "rate":
        b = sum_expr(n.base, p, s, "plus")
        if len(n.base) > 1 and "+" in b:
            b = "(" + b + ")"
        return "=ROUND(%s*%s,%d)" % (b, repr(n.pct), n.rdig)
    if n.kind == "bal":
        return "=" + ref(n.bal_total, p, s) + "".join("-" + ref(k, p, s) for k in n.bal_others)
    if n.kind == "result":
        return "=" + ref(n.res_pr, p, s) + "-" + ref(n.res_ch, p, s)
    if n.kind == "ref":
        return "=" + ref(n.ref, p, s)
    if n.kind == "item" and n.qty is not None:
        return "=%s*%s" % (cell(n.qcol, n.row), cell(n.pcol, n.row))
    raise ValueError(n.kind)


def total_formula(n):
    a, b = cell(n.cols[0], n.row), cell(n.cols[-1], n.row)
    return "=SUM(%s:%s)" % (a, b)


REF_RE = re.compile(r"(?:'([^']+)'!|([A-Za-z][\w]*)!)?(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?")


def to_ods(f):
    body = f[1:]
    out, i = [], 0
    # protect function names like SUBTOTAL( ROUND( SUM(
    for m in REF_RE.finditer(body):
        s = m.group(0)
        # skip matches that are function names (followed by '(')
        end = m.end()
        if end < len(body) and body[end] == "(":
            continue
        if m.group(1) is None and m.group(2) is None and not re.fullmatch(r"\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?", s):
            continue
        out.append(body[i:m.start()])
        sheet = m.group(1) or m.group(2)
        a, b = m.group(3), m.group(4)
        if sheet:
            t = "[$'%s'.%s" % (sheet, a)
        else:
            t = "[.%s" % a
        if b:
            t += ":.%s" % b
        t += "]"
        out.append(t)
        i = end
    out.append(body[i:])
    return "of:=" + "".join(out).replace(",", ";")


# ---------------------------------------------------------------- sheets
class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}     # (row, col) -> dict(v=..., f=..., bold=, fmt=)
        self.merges = []    # (row, c1, c2, text)
        self.widths = {}

    def put(self, row, col, v, **kw):
        d = dict(v=v)
        d.update(kw)
        self.cells[(row, col)] = d


def place_values(plan, fstyle="sum", numfmt="eur"):
    """Write node values into their sheets (after defects)."""
    byname = {s.name: s for s in plan.sheets}
    for n in plan.nodes:
        if n.row is None:
            continue
        sh = byname[n.sheet]
        for p in range(plan.nper):
            if n.vals is None:
                continue
            bold = n.bold
            if n.text and n.text[p] is not None:
                sh.put(n.row, n.cols[p], n.text[p], bold=bold)
            elif n.formula and n.formula[p] and n.derived():
                sh.put(n.row, n.cols[p], n.vals[p], f=formula_text(n, p, fstyle), bold=bold, fmt=numfmt)
            else:
                sh.put(n.row, n.cols[p], n.vals[p], bold=bold, fmt=numfmt)
        if n.tcol is not None and plan.has_total_col:
            if n.tformula:
                sh.put(n.row, n.tcol, n.tval, f=total_formula(n), bold=True, fmt=numfmt)
            else:
                sh.put(n.row, n.tcol, n.tval, bold=True, fmt=numfmt)
        if n.qty is not None:
            sh.put(n.row, n.qcol, n.qty[0], fmt="qty")
            sh.put(n.row, n.pcol, n.price[0], fmt=numfmt)


def write_xlsx(plan, path):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path)
    fmts = {}

    def F(bold, fmt):
        k = (bold, fmt)
        if k not in fmts:
            d = {}
            if bold:
                d["bold"] = True
            if fmt == "eur":
                d["num_format"] = '#,##0 "€"' if plan.lang == "fr" else '#,##0'
            elif fmt == "eur2":
                d["num_format"] = '#,##0.00 "€"' if plan.lang == "fr" else '#,##0.00'
            elif fmt == "usd":
                d["num_format"] = '"$"#,##0.00'
            elif fmt == "qty":
                d["num_format"] = '0.##'
            fmts[k] = wb.add_format(d)
        return fmts[k]

    for sh in plan.sheets:
        ws = wb.add_worksheet(sh.name)
        for c, w in sh.widths.items():
            ws.set_column(c, c, w)
        merged = set()
        for (row, c1, c2, text) in sh.merges:
            ws.merge_range(row - 1, c1, row - 1, c2, text, F(True, None))
            merged.add((row, c1))
        for (row, col), d in sorted(sh.cells.items()):
            if (row, col) in merged:
                continue
            fm = F(d.get("bold", False), d.get("fmt"))
            v = d["v"]
            if d.get("f"):
                ws.write_formula(row - 1, col, d["f"], fm, v)
            elif isinstance(v, str):
                ws.write_string(row - 1, col, v, fm)
            elif v is None:
                continue
            else:
                ws.write_number(row - 1, col, v, fm)
    wb.close()


def write_ods(plan, path, no_cache=False):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties, TableColumnProperties
    from odf.table import Table, TableRow, TableCell, CoveredTableCell, TableColumn
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    bold = Style(name="bold", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    wide = Style(name="colwide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="6cm"))
    doc.automaticstyles.addElement(wide)
    norm = Style(name="colnorm", family="table-column")
    norm.addElement(TableColumnProperties(columnwidth="2.6cm"))
    doc.automaticstyles.addElement(norm)

    def disp(v, fmt):
        if isinstance(v, str):
            return v
        if plan.lang == "fr":
            s = "{:,.2f}".format(v) if fmt == "eur2" else "{:,.0f}".format(v) if fmt == "eur" else ("%g" % v)
            return s.replace(",", "\u202f").replace(".", ",") + (" €" if fmt in ("eur", "eur2") else "")
        return "{:,.2f}".format(v) if fmt in ("eur2", "usd") else "{:,.0f}".format(v) if fmt == "eur" else ("%g" % v)

    for sh in plan.sheets:
        t = Table(name=sh.name)
        maxc = max([c for (_, c) in sh.cells] + [m[2] for m in sh.merges] + [0])
        for c in range(maxc + 1):
            t.addElement(TableColumn(stylename=wide if sh.widths.get(c, 10) >= 30 else norm))
        maxr = max([r for (r, _) in sh.cells] + [m[0] for m in sh.merges] + [1])
        mstart = {(m[0], m[1]): m for m in sh.merges}
        covered = set()
        for m in sh.merges:
            for c in range(m[1] + 1, m[2] + 1):
                covered.add((m[0], c))
        for r in range(1, maxr + 1):
            tr = TableRow()
            rowcells = [c for (rr, c) in sh.cells if rr == r] + [m[2] for m in sh.merges if m[0] == r]
            last = max(rowcells) if rowcells else -1
            c = 0
            while c <= last:
                if (r, c) in mstart:
                    m = mstart[(r, c)]
                    tc = TableCell(valuetype="string", stylename=bold, numbercolumnsspanned=m[2] - m[1] + 1)
                    tc.addElement(P(text=m[3]))
                    tr.addElement(tc)
                elif (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                elif (r, c) in sh.cells:
                    d = sh.cells[(r, c)]
                    v = d["v"]
                    kw = {}
                    if d.get("bold"):
                        kw["stylename"] = bold
                    if isinstance(v, str):
                        tc = TableCell(valuetype="string", **kw)
                    elif v is None:
                        tc = TableCell(**kw)
                    else:
                        kw2 = dict(valuetype="float", value=repr(float(v)) if v != int(v) else str(int(v)))
                        if d.get("f"):
                            kw2["formula"] = to_ods(d["f"])
                            if no_cache:
                                kw2 = dict(formula=kw2["formula"])
                        tc = TableCell(**kw2, **kw)
                    if v is not None and not (no_cache and d.get("f")):
                        tc.addElement(P(text=disp(v, d.get("fmt"))))
                    tr.addElement(tc)
                else:
                    tr.addElement(TableCell())
                c += 1
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(path)
