"""Core of the second unseen set: nodes, author evaluation, spreadsheet recalculation, defects,
an independent checker (findings from the structure built here, never from Equilibre) and
xlsx (XlsxWriter, cached values) / ods (odfpy, of:= formulas) writers."""
import re
from decimal import Decimal, ROUND_HALF_UP

from xlsxwriter.utility import xl_rowcol_to_cell

TOL = 0.005


def rnd(x, d=0):
    return float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP))


def r2(x):
    return rnd(x, 2)


def A1(col, row):
    return xl_rowcol_to_cell(row - 1, col)


class N:
    """A plan line. kind: item agg rate bal result memo (memo: not a line, e.g. share of grant)."""
    _n = 0

    def __init__(self, label, side, kind="item", ch=None, **kw):
        N._n += 1
        self.id = N._n
        self.label, self.side, self.kind = label, side, kind
        self.ch = ch or []
        self.base = kw.get("base", [])
        self.pct = kw.get("pct")
        self.rdig = kw.get("rdig", 0)
        self.code = kw.get("code")
        self.style = kw.get("style", "after0")   # agg display: above | after0 (children then agg row) | head (heading, children, total row) | dont
        self.tlabel = kw.get("tlabel")
        self.prefix = kw.get("prefix", "")
        self.vals = kw.get("vals")                # items: per period, None = blank
        self.bal_total = kw.get("bal_total")
        self.bal_others = kw.get("bal_others", [])
        self.res = kw.get("res")                 # (produits total, charges total)
        self.memo = kw.get("memo")               # ('div', a, b) | ('sub', a, [b..])
        self.note = kw.get("note")
        self.bold = kw.get("bold", kind in ("agg", "result"))
        self.total = kw.get("total", False)      # a side's total or grand total
        self.grand = kw.get("grand", False)
        self.indent = 0
        self.sheet = None
        self.row = None
        self.cols = None
        self.tcol = None
        self.f = None          # per period: formula?
        self.tf = False        # Total column formula?
        self.text = None       # per period display text for text-number / '€'
        self.label_cell = None

    def deps(self):
        d = list(self.ch) + list(self.base)
        if self.kind == "bal":
            d += [self.bal_total] + self.bal_others
        if self.kind == "result":
            d += list(self.res)
        if self.kind == "memo":
            d += [x for x in self.memo[1:] if isinstance(x, N)] + (self.memo[2] if isinstance(self.memo[2], list) else [])
        return d


def topo(nodes):
    out, seen = [], set()

    def visit(n):
        if n.id in seen:
            return
        seen.add(n.id)
        for d in n.deps():
            visit(d)
        out.append(n)
    for n in nodes:
        visit(n)
    return out


def compute(n, p, V):
    if n.kind == "agg":
        return r2(sum(V(c, p) for c in n.ch))
    if n.kind == "rate":
        return rnd(n.pct * sum(V(c, p) for c in n.base), n.rdig)
    if n.kind == "bal":
        return r2(V(n.bal_total, p) - sum(V(c, p) for c in n.bal_others))
    if n.kind == "result":
        return r2(V(n.res[0], p) - V(n.res[1], p))
    if n.kind == "memo":
        op = n.memo[0]
        if op == "div":
            b = V(n.memo[2], p)
            return round(V(n.memo[1], p) / b, 6) if b else 0.0
        if op == "sub":
            return r2(V(n.memo[1], p) - sum(V(c, p) for c in n.memo[2]))
    raise ValueError(n.kind)


class Plan:
    def __init__(self, name, lang, periods):
        self.name, self.lang = name, lang
        self.periods = list(periods)
        self.nper = len(periods)
        self.nodes = []
        self.pairs = []          # balance pairs (charges total, produits total)
        self.total_col = False
        self.tot = {"charges": None, "produits": None}   # grand totals
        self.sheets = {}         # name -> Sheet
        self.sheet_order = []
        self.plan_sheet = None
        self.pinned = {}
        self.stored = {}         # (id, p|'T') -> value stored (cache for formulas)
        self.notes = []
        self.ambiguous = []
        self.aux = []            # (sheet,row,col, kind, node, p, ...) auxiliary share/diff cells
        self.blank_zero = False

    def add(self, n):
        self.nodes.append(n)
        return n

    def lines(self):
        return [n for n in self.nodes if n.kind != "memo"]

    def author(self):
        """What the author typed / the sheet computed: every derived value from its parts, pins kept."""
        A = {}

        def V(n, p):
            v = A[(n.id, p)]
            return 0.0 if v is None else v
        for n in topo(self.nodes):
            for p in range(self.nper):
                if (n.id, p) in self.pinned:
                    A[(n.id, p)] = self.pinned[(n.id, p)]
                elif n.kind == "item":
                    A[(n.id, p)] = n.vals[p]
                else:
                    A[(n.id, p)] = compute(n, p, V)
            if n.tcol is not None:
                A[(n.id, "T")] = self.pinned.get((n.id, "T"), r2(sum(V(n, p) for p in range(self.nper))))
        self.stored = A

    def recalc(self, stored=None):
        S = stored if stored is not None else self.stored
        R = {}

        def V(n, p):
            v = R[(n.id, p)]
            return 0.0 if v is None else v
        for n in topo(self.nodes):
            for p in range(self.nper):
                if n.f and n.f[p] and n.kind != "item":
                    R[(n.id, p)] = compute(n, p, V)
                else:
                    R[(n.id, p)] = S[(n.id, p)]
            if n.tcol is not None:
                R[(n.id, "T")] = r2(sum(V(n, p) for p in range(self.nper))) if n.tf else S[(n.id, "T")]
        return R

    def refresh(self):
        self.stored = self.recalc()


# ------------------------------------------------------------------ checker
def check(plan):
    R = plan.recalc()
    F = []

    def V(n, p):
        v = R[(n.id, p)]
        return 0.0 if v is None else v
    for n in plan.nodes:
        if n.row is None:
            continue
        sh = n.sheet
        for p in range(plan.nper):
            c = A1(n.cols[p], n.row)
            t = n.text[p] if n.text else None
            if t is not None and t.strip() in ("€", "EUR", "£", "$"):
                F.append(dict(rule="missing", sheet=sh, cell=c, expected=None, actual=None))
            elif t is not None:
                F.append(dict(rule="text-number", sheet=sh, cell=c, expected=plan.stored[(n.id, p)], actual=t))
            if n.f and n.f[p] and n.kind != "item" and abs((plan.stored[(n.id, p)] or 0) - V(n, p)) > TOL:
                F.append(dict(rule="formula.stale", sheet=sh, cell=c, expected=V(n, p), actual=plan.stored[(n.id, p)]))
            v = V(n, p)
            if n.kind == "agg":
                s = r2(sum(V(k, p) for k in n.ch))
                gap = abs(s - v)
                if gap > TOL:
                    F.append(dict(rule="sum.rounding" if gap <= len(n.ch) else "sum", sheet=sh, cell=c, expected=s, actual=v))
            elif n.kind == "rate":
                e = n.pct * sum(V(k, p) for k in n.base)
                if abs(e - v) > 1.0:
                    F.append(dict(rule="rate", sheet=sh, cell=c, expected=round(e, 2), actual=v))
            elif n.kind == "result":
                e = r2(V(n.res[0], p) - V(n.res[1], p))
                if abs(e - v) > TOL:
                    F.append(dict(rule="result", sheet=sh, cell=c, expected=e, actual=v))
        if n.tcol is not None:
            c = A1(n.tcol, n.row)
            tv = R[(n.id, "T")]
            if n.tf and abs(tv - plan.stored[(n.id, "T")]) > TOL:
                F.append(dict(rule="formula.stale", sheet=sh, cell=c, expected=tv, actual=plan.stored[(n.id, "T")]))
            s = r2(sum(V(n, p) for p in range(plan.nper)))
            if abs(s - tv) > TOL:
                F.append(dict(rule="cross-total", sheet=sh, cell=c, expected=s, actual=tv))
    for ch, pr in plan.pairs:
        for p in range(plan.nper):
            a, b = V(ch, p), V(pr, p)
            if abs(a - b) > TOL:
                F.append(dict(rule="balance", sheet=pr.sheet, cell=A1(pr.cols[p], pr.row), expected=a, actual=b))
    return F, R


# ------------------------------------------------------------------ formula text
def ref(n, p, frm, total=False):
    c = A1(n.tcol if total else n.cols[p], n.row)
    return c if n.sheet == frm else "'%s'!%s" % (n.sheet, c)


def sum_text(nodes, p, frm, style):
    rows = [k.row for k in nodes]
    cols = {k.cols[p] for k in nodes}
    if style != "plus" and len(cols) == 1 and len(rows) > 1 and rows == list(range(rows[0], rows[0] + len(rows))) \
            and all(k.sheet == frm for k in nodes):
        return "SUM(%s:%s)" % (A1(nodes[0].cols[p], rows[0]), A1(nodes[0].cols[p], rows[-1]))
    if style == "sumlist" and all(k.sheet == frm for k in nodes):
        return "SUM(%s)" % ",".join(ref(k, p, frm) for k in nodes)
    return "+".join(ref(k, p, frm) for k in nodes)


def formula(n, p, style="sum"):
    s = n.sheet
    if n.kind == "agg":
        return "=" + sum_text(n.ch, p, s, style)
    if n.kind == "rate":
        b = sum_text(n.base, p, s, "plus")
        if "+" in b:
            b = "(" + b + ")"
        return "=ROUND(%s*%s,%d)" % (b, repr(n.pct), n.rdig)
    if n.kind == "bal":
        return "=" + ref(n.bal_total, p, s) + "".join("-" + ref(k, p, s) for k in n.bal_others)
    if n.kind == "result":
        return "=" + ref(n.res[0], p, s) + "-" + ref(n.res[1], p, s)
    if n.kind == "memo":
        if n.memo[0] == "div":
            return "=ROUND(%s/%s,6)" % (ref(n.memo[1], p, s), ref(n.memo[2], p, s))
        return "=" + ref(n.memo[1], p, s) + "".join("-" + ref(k, p, s) for k in n.memo[2])
    raise ValueError(n.kind)


REF_RE = re.compile(r"(?:'([^']+)'!)?(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?")


def to_ods(f):
    body = f[1:]
    out, i = [], 0
    for m in REF_RE.finditer(body):
        end = m.end()
        if end < len(body) and body[end] == "(":
            continue
        if m.start() > 0 and (body[m.start() - 1].isalpha()):
            continue
        out.append(body[i:m.start()])
        t = ("[$'%s'.%s" % (m.group(1), m.group(2))) if m.group(1) else "[.%s" % m.group(2)
        if m.group(3):
            t += ":.%s" % m.group(3)
        out.append(t + "]")
        i = end
    out.append(body[i:])
    return "of:=" + "".join(out).replace(",", ";")


# ------------------------------------------------------------------ sheets and writers
class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}    # (row, col) -> dict(v, f, bold, fmt, top, indent, date)
        self.merges = []   # (row, c1, c2)
        self.widths = {}

    def put(self, row, col, v, **kw):
        d = dict(v=v)
        d.update(kw)
        self.cells[(row, col)] = d


NUMFMT = {
    "eur": '#,##0 "€"', "eur2": '#,##0.00 "€"', "plain": '#,##0', "plain2": '#,##0.00', "gbp": '£#,##0',
    "usd": '"$"#,##0', "paren": '#,##0;(#,##0);"-"', "gbp_paren": '£#,##0;(£#,##0);"-"', "keur": '0.0',
    "pct": '0.0%', "pct0": '0%', "date": 'mmm-yy', "int": '0',
}


def disp(v, fmt, lang):
    if isinstance(v, str) or v is None:
        return v or ""
    if fmt in ("pct", "pct0"):
        s = ("%.1f" if fmt == "pct" else "%.0f") % (v * 100)
        return (s.replace(".", ",") + " %") if lang == "fr" else s + "%"
    neg = v < 0
    a = abs(v)
    dec = 2 if fmt in ("eur2", "plain2") else 1 if fmt == "keur" else 0
    s = ("{:,.%df}" % dec).format(a)
    if lang in ("fr", "de", "it", "es"):
        s = s.replace(",", "\u202f").replace(".", ",")
    if fmt in ("eur", "eur2"):
        s += " €"
    elif fmt in ("gbp", "gbp_paren"):
        s = "£" + s
    elif fmt == "usd":
        s = "$" + s
    if neg:
        s = "(" + s + ")" if "paren" in (fmt or "") else "-" + s
    return s


def write_xlsx(plan, path):
    import xlsxwriter
    import datetime
    wb = xlsxwriter.Workbook(path)
    cache = {}

    def FMT(d):
        k = (d.get("bold", False), d.get("fmt"), d.get("top", False), d.get("indent", 0), d.get("merge", False))
        if k not in cache:
            o = {}
            if k[0]:
                o["bold"] = True
            if k[1]:
                o["num_format"] = NUMFMT[k[1]]
            if k[2]:
                o["top"] = 1
            if k[3]:
                o["indent"] = k[3]
            if k[4]:
                o["align"] = "left"
            cache[k] = wb.add_format(o)
        return cache[k]
    for name in plan.sheet_order:
        sh = plan.sheets[name]
        ws = wb.add_worksheet(name)
        for c, w in sh.widths.items():
            ws.set_column(c, c, w)
        mstart = {}
        for (row, c1, c2) in sh.merges:
            mstart[(row, c1)] = c2
        for (row, col), d in sorted(sh.cells.items()):
            v = d["v"]
            fm = FMT(dict(d, merge=(row, col) in mstart))
            if (row, col) in mstart:
                ws.merge_range(row - 1, col, row - 1, mstart[(row, col)], v, fm)
                continue
            if d.get("f"):
                ws.write_formula(row - 1, col, d["f"], fm, v)
            elif d.get("date"):
                ws.write_datetime(row - 1, col, datetime.datetime(*d["date"]), fm)
            elif isinstance(v, str):
                ws.write_string(row - 1, col, v, fm)
            elif v is None:
                ws.write_blank(row - 1, col, None, fm)
            else:
                ws.write_number(row - 1, col, v, fm)
    wb.close()


def write_ods(plan, path, no_cache=False):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties, TableColumnProperties, TableCellProperties
    from odf.table import Table, TableRow, TableCell, CoveredTableCell, TableColumn
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    st = {}

    def cstyle(bold, top):
        k = (bold, top)
        if k == (False, False):
            return None
        if k not in st:
            s = Style(name="c%d%d" % (int(bold), int(top)), family="table-cell")
            if bold:
                s.addElement(TextProperties(fontweight="bold"))
            if top:
                s.addElement(TableCellProperties(bordertop="0.06pt solid #000000"))
            doc.automaticstyles.addElement(s)
            st[k] = s
        return st[k]
    colst = {}

    def colstyle(w):
        w = int(w)
        if w not in colst:
            s = Style(name="co%d" % w, family="table-column")
            s.addElement(TableColumnProperties(columnwidth="%.2fcm" % (w * 0.21)))
            doc.automaticstyles.addElement(s)
            colst[w] = s
        return colst[w]
    for name in plan.sheet_order:
        sh = plan.sheets[name]
        t = Table(name=name)
        maxc = max([c for (_, c) in sh.cells] + [m[2] for m in sh.merges] + [0])
        for c in range(maxc + 1):
            t.addElement(TableColumn(stylename=colstyle(sh.widths.get(c, 11))))
        maxr = max([r for (r, _) in sh.cells] + [1])
        mstart = {(m[0], m[1]): m[2] for m in sh.merges}
        covered = {(m[0], c) for m in sh.merges for c in range(m[1] + 1, m[2] + 1)}
        for r in range(1, maxr + 1):
            tr = TableRow()
            cs = [c for (rr, c) in sh.cells if rr == r] + [m[2] for m in sh.merges if m[0] == r]
            last = max(cs) if cs else -1
            for c in range(last + 1):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                d = sh.cells.get((r, c))
                if d is None:
                    tr.addElement(TableCell())
                    continue
                v = d["v"]
                kw = {}
                s = cstyle(d.get("bold", False), d.get("top", False))
                if s is not None:
                    kw["stylename"] = s
                if (r, c) in mstart:
                    kw["numbercolumnsspanned"] = mstart[(r, c)] - c + 1
                if d.get("date"):
                    y, m_, dd = d["date"]
                    tc = TableCell(valuetype="date", datevalue="%04d-%02d-%02d" % (y, m_, dd), **kw)
                    tc.addElement(P(text="%02d/%04d" % (m_, y)))
                    tr.addElement(tc)
                    continue
                if isinstance(v, str):
                    tc = TableCell(valuetype="string", **kw)
                    tc.addElement(P(text=v))
                elif v is None:
                    tc = TableCell(**kw)
                else:
                    vt = "percentage" if d.get("fmt") in ("pct", "pct0") else "float"
                    val = repr(float(v)) if v != int(v) else str(int(v))
                    kw2 = dict(valuetype=vt, value=val)
                    if d.get("f"):
                        kw2["formula"] = to_ods(d["f"])
                        if no_cache:
                            kw2 = dict(formula=kw2["formula"])
                    tc = TableCell(**kw2, **kw)
                    if not (no_cache and d.get("f")):
                        tc.addElement(P(text=disp(v, d.get("fmt"), plan.lang)))
                tr.addElement(tc)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(path)
