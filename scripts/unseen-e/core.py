"""Core model for the held-out set E: a sheet grid built from plan records, formulas as small
ASTs (rendered to OOXML and ODF), evaluation, writers (xlsxwriter, openpyxl, odfpy) and the
truth checker. Independent of Equilibre's code."""
import json, math, os, re, random

# ---------------------------------------------------------------- addresses
def col_letter(c):
    s = ''
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s

def A1(r, c):
    return f"{col_letter(c)}{r + 1}"

# ---------------------------------------------------------------- formulas
# ('ref', sheet, r, c) ('rng', sheet, r1, c1, r2, c2) ('sum', [args]) ('subtotal', [args])
# ('add', [terms]) ('sub', a, b) ('mul', a, b) ('div', a, b) ('num', k) ('round', x, n)

def _sq(sh, cur):
    return sh is not None and sh != cur

def render_x(a, cur):
    t = a[0]
    if t == 'ref':
        p = f"'{a[1]}'!" if _sq(a[1], cur) else ''
        return p + A1(a[2], a[3])
    if t == 'rng':
        p = f"'{a[1]}'!" if _sq(a[1], cur) else ''
        return p + A1(a[2], a[3]) + ':' + A1(a[4], a[5])
    if t == 'sum':
        return 'SUM(' + ','.join(render_x(x, cur) for x in a[1]) + ')'
    if t == 'subtotal':
        return 'SUBTOTAL(9,' + ','.join(render_x(x, cur) for x in a[1]) + ')'
    if t == 'add':
        return '+'.join(render_x(x, cur) for x in a[1])
    if t == 'num':
        k = a[1]
        return repr(k) if not float(k).is_integer() else str(int(k))
    if t == 'round':
        return f"ROUND({render_x(a[1], cur)},{a[2]})"
    op = {'sub': '-', 'mul': '*', 'div': '/'}[t]
    def w(x):
        s = render_x(x, cur)
        return f"({s})" if x[0] in ('add', 'sub') else s
    return w(a[1]) + op + w(a[2])

def render_o(a, cur):
    t = a[0]
    if t == 'ref':
        p = f"$'{a[1]}'." if _sq(a[1], cur) else '.'
        return '[' + p + A1(a[2], a[3]) + ']'
    if t == 'rng':
        p = f"$'{a[1]}'." if _sq(a[1], cur) else '.'
        return '[' + p + A1(a[2], a[3]) + ':.' + A1(a[4], a[5]) + ']'
    if t == 'sum':
        return 'SUM(' + ';'.join(render_o(x, cur) for x in a[1]) + ')'
    if t == 'subtotal':
        return 'SUBTOTAL(9;' + ';'.join(render_o(x, cur) for x in a[1]) + ')'
    if t == 'add':
        return '+'.join(render_o(x, cur) for x in a[1])
    if t == 'num':
        k = a[1]
        return repr(k) if not float(k).is_integer() else str(int(k))
    if t == 'round':
        return f"ROUND({render_o(a[1], cur)};{a[2]})"
    op = {'sub': '-', 'mul': '*', 'div': '/'}[t]
    def w(x):
        s = render_o(x, cur)
        return f"({s})" if x[0] in ('add', 'sub') else s
    return w(a[1]) + op + w(a[2])


class Cell:
    __slots__ = ('v', 'ast', 'typed', 'stale', 'style', 'text', 'value', 'cached')
    def __init__(self, v=None, style=None):
        self.v = v            # typed value (number / str / None)
        self.ast = None       # formula (or the computation of a typed total)
        self.typed = True     # write the value, not the formula
        self.stale = 0.0      # delta added to the cached value (formula cells only)
        self.style = style
        self.text = None      # amount written as text (string)
        self.value = None     # final stated value (number or str)
        self.cached = None


class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.merges = []      # (r1, c1, r2, c2)
        self.widths = {}
        self.hidden_cols = set()
        self.hidden = False

    def put(self, r, c, v=None, style=None):
        cell = Cell(v, style)
        self.cells[(r, c)] = cell
        return cell

    def merge(self, r1, c1, r2, c2):
        self.merges.append((r1, c1, r2, c2))


class Book:
    def __init__(self):
        self.sheets = []

    def sheet(self, name):
        for s in self.sheets:
            if s.name == name:
                return s
        s = Sheet(name)
        self.sheets.append(s)
        return s

    def get(self, sh, r, c):
        return self.sheet(sh).cells.get((r, c))

    # ---- evaluation: every cell with an ast gets its value from it (typed totals too)
    def finalize(self):
        memo = {}
        def val(sh, r, c):
            k = (sh, r, c)
            if k in memo:
                return memo[k]
            cell = self.sheet(sh).cells.get((r, c))
            if cell is None:
                x = None
            elif cell.ast is not None and cell.v is None:
                memo[k] = 0.0  # cycle guard
                x = ev(cell.ast, sh)
            else:
                x = cell.v
            memo[k] = x
            return x
        def num_direct(x):
            if x is None:
                return 0.0
            if isinstance(x, str):
                return 0.0
            return float(x)
        def ev(a, cur):
            t = a[0]
            if t == 'ref':
                return num_direct(val(a[1] or cur, a[2], a[3]))
            if t == 'rng':
                s = 0.0
                for r in range(a[2], a[4] + 1):
                    for c in range(a[3], a[5] + 1):
                        x = val(a[1] or cur, r, c)
                        if isinstance(x, (int, float)):
                            s += x
                return s
            if t in ('sum', 'subtotal', 'add'):
                return sum(ev(x, cur) for x in a[1])
            if t == 'num':
                return float(a[1])
            if t == 'round':
                x = ev(a[1], cur)
                return float(math.floor(abs(x) * 10 ** a[2] + 0.5) / 10 ** a[2]) * (1 if x >= 0 else -1)
            x, y = ev(a[1], cur), ev(a[2], cur)
            return {'sub': x - y, 'mul': x * y, 'div': x / y if y else 0.0}[t]
        for s in self.sheets:
            for (r, c), cell in s.cells.items():
                if cell.ast is not None and cell.v is None:
                    # attach sheet-less refs to this sheet
                    cell.value = round(val(s.name, r, c), 10)
                    if not cell.typed:
                        cell.cached = round(cell.value + cell.stale, 10)
                    else:
                        cell.value = round(cell.value, 2)
                else:
                    cell.value = cell.v
        # typed totals are written as rounded numbers: re-evaluate formulas that read them
        for s in self.sheets:
            for (r, c), cell in s.cells.items():
                if cell.ast is not None and cell.typed and cell.v is None:
                    cell.v = cell.value
        memo.clear()
        for s in self.sheets:
            for (r, c), cell in s.cells.items():
                if cell.ast is not None and not cell.typed:
                    cell.value = round(val(s.name, r, c), 10)
                    cell.cached = round(cell.value + cell.stale, 10)


# ---------------------------------------------------------------- text amounts
def fmt_text(x, lang, rng):
    if lang == 'fr':
        sep = rng.choice(['\u202f', '\u00a0', ' '])
        s = f"{x:,.0f}".replace(',', sep) if float(x).is_integer() else f"{x:,.2f}".replace(',', '#').replace('.', ',').replace('#', sep)
        return s + rng.choice([' €', '', ',00 €' if float(x).is_integer() else ' €'])
    cur = rng.choice(['£', '$', ''])
    return f"{cur}{x:,.0f}" if float(x).is_integer() else f"{cur}{x:,.2f}"


def parse_text(s):
    t = s.replace('\u202f', '').replace('\u00a0', '').replace(' ', '').replace('€', '').replace('£', '').replace('$', '')
    if ',' in t and '.' not in t and re.search(r',\d\d$', t):
        t = t.replace(',', '.')
    t = t.replace(',', '')
    return float(t)


# ---------------------------------------------------------------- vertical plans
class Plan:
    """A vertical block plan on one sheet. Records are added in row order; `finalize_cells`
    turns them into cells with ASTs. Periods are amount columns; `tot` an optional Total column."""
    def __init__(self, book, sheet, label_col, amt_cols, tot_col=None, code_col=None, qty_col=None,
                 up_col=None, pct_col=None, rem_col=None, extra_cols=None, derived=None):
        self.book, self.sheet = book, sheet
        self.sh = book.sheet(sheet)
        self.label_col, self.amt_cols, self.tot_col = label_col, amt_cols, tot_col
        self.code_col, self.qty_col, self.up_col, self.pct_col, self.rem_col = code_col, qty_col, up_col, pct_col, rem_col
        self.derived = derived      # (col, factor, header) a column = amount × factor (currency)
        self.recs = []
        self.by = {}
        self.row = 0
        self.np = len(amt_cols)
        self.pct_base = None
        self.charges_total = None
        self.produits_total = None

    # records -------------------------------------------------------------
    def add(self, kind, label, key=None, **kw):
        rec = dict(kind=kind, label=label, key=key or f"r{len(self.recs)}", row=self.row, **kw)
        rec.setdefault('ov', {})
        rec.setdefault('blank', {})
        rec.setdefault('text', {})
        rec.setdefault('stale', {})
        rec.setdefault('omit', None)
        rec.setdefault('typed', True)
        rec.setdefault('tot_ov', None)
        rec.setdefault('tot_blank', False)
        self.recs.append(rec)
        self.by[rec['key']] = rec
        self.row += 1
        return rec['key']

    def skip(self, n=1):
        self.row += n

    def item(self, label, vals, key=None, **kw):
        if not isinstance(vals, (list, tuple)):
            vals = [vals]
        return self.add('item', label, key, vals=list(vals), **kw)

    def agg(self, label, kids, key=None, **kw):
        return self.add('agg', label, key, kids=list(kids), **kw)

    def group(self, label, fn, above=True, **kw):
        if above:
            key = self.agg(label, [], **kw)
            self.by[key]['kids'] = list(fn())
            return key
        kids = list(fn())
        return self.agg(label, kids, **kw)

    def rate(self, label, pct, base, key=None, **kw):
        return self.add('rate', label, key, pct=pct, base=list(base), **kw)

    def prod(self, label, q, u, key=None, **kw):
        return self.add('prod', label, key, q=q, u=u, **kw)

    def result(self, label, pos, neg, key=None, **kw):
        return self.add('result', label, key, pos=pos, neg=neg, **kw)

    def text_row(self, label, style='h', col=None, merge_to=None):
        c = self.label_col if col is None else col
        self.sh.put(self.row, c, label, style)
        if merge_to:
            self.sh.merge(self.row, c, self.row, merge_to)
        self.row += 1

    # model values (intended, before injections) ---------------------------
    def mval(self, key, p):
        rec = self.by[key]
        k = rec['kind']
        if k == 'item':
            return rec['vals'][p] or 0
        if k == 'prod':
            return rec['q'] * rec['u']
        if k == 'agg':
            return sum(self.mval(x, p) for x in rec['kids'])
        if k == 'rate':
            return round(rec['pct'] * sum(self.mval(x, p) for x in rec['base']))
        if k == 'result':
            return self.mval(rec['pos'], p) - self.mval(rec['neg'], p)
        return 0

    # cells -----------------------------------------------------------------
    def cell_of(self, key, p):
        return (self.by[key]['row'], self.amt_cols[p])

    def finalize_cells(self, style_money='money', style_bold='money_b', sum_style='SUM'):
        sh = self.sh
        S = self.sheet
        for rec in self.recs:
            r = rec['row']
            bold = rec.get('bold', rec['kind'] in ('agg', 'result'))
            sh.put(r, self.label_col, rec['label'], 'b' if bold else rec.get('lstyle'))
            if self.code_col is not None and rec.get('code'):
                sh.put(r, self.code_col, rec['code'], 'b' if bold else None)
            if self.rem_col is not None and rec.get('rem'):
                sh.put(r, self.rem_col, rec['rem'], 'note')
            for extra_c, extra_v in rec.get('extra', {}).items():
                sh.put(r, extra_c, extra_v, 'int' if isinstance(extra_v, (int, float)) else None)
            if rec['kind'] == 'prod':
                sh.put(r, self.qty_col, rec['q'], 'qty')
                sh.put(r, self.up_col, rec['u'], style_money)
            for p, c in enumerate(self.amt_cols):
                st = style_bold if bold else style_money
                if rec['kind'] == 'prod' and p > 0:
                    continue
                if rec['kind'] == 'item' and (p >= len(rec['vals']) or rec['vals'][p] is None):
                    if p in rec['blank']:
                        b = rec['blank'][p]
                        if b:
                            sh.put(r, c, b, st)
                    continue
                if p in rec['blank']:
                    b = rec['blank'][p]
                    if b:
                        sh.put(r, c, b, st)
                    continue
                cell = sh.put(r, c, None, st)
                typed = rec['typed'] if not isinstance(rec['typed'], dict) else rec['typed'].get(p, True)
                if rec['kind'] == 'item':
                    cell.v = rec['vals'][p]
                    cell.ast = None
                    if p in rec['ov']:
                        cell.v = rec['ov'][p]
                elif rec['kind'] == 'prod':
                    cell.ast = ('mul', ('ref', S, r, self.qty_col), ('ref', S, r, self.up_col))
                    cell.typed = typed
                elif rec['kind'] == 'agg':
                    kids = [k for k in rec['kids'] if k != rec['omit']]
                    rows = [self.by[k]['row'] for k in kids]
                    style = rec.get('sum_style', sum_style)
                    if style in ('SUM', 'SUBTOTAL') and rows and rows == list(range(min(rows), max(rows) + 1)):
                        rng = ('rng', S, min(rows), c, max(rows), c)
                        cell.ast = ('sum' if style == 'SUM' else 'subtotal', [rng])
                    elif style == 'SUM' and rows:
                        cell.ast = ('sum', [('ref', S, x, c) for x in rows])
                    else:
                        cell.ast = ('add', [('ref', S, x, c) for x in rows]) if rows else ('num', 0)
                    cell.typed = typed
                elif rec['kind'] == 'rate':
                    base = [('ref', S, self.by[k]['row'], c) for k in rec['base']]
                    b = base[0] if len(base) == 1 else ('add', base)
                    pct = rec.get('pct_formula', rec['pct'])
                    inner = ('mul', b, ('num', pct))
                    cell.ast = ('round', inner, 0) if rec.get('round', True) else inner
                    cell.typed = typed
                elif rec['kind'] == 'result':
                    cell.ast = ('sub', ('ref', S, self.by[rec['pos']]['row'], c), ('ref', S, self.by[rec['neg']]['row'], c))
                    cell.typed = typed
                if p in rec['ov'] and rec['kind'] != 'item':
                    cell.v = rec['ov'][p]
                    cell.typed = True
                if p in rec['stale']:
                    cell.stale = rec['stale'][p]
                if p in rec['text']:
                    cell.text = rec['text'][p]
            # total column
            if self.tot_col is not None and rec['kind'] != 'prod':
                filled = [p for p in range(self.np) if (r, self.amt_cols[p]) in sh.cells]
                if filled or rec.get('force_tot'):
                    if rec['tot_blank']:
                        pass
                    else:
                        cell = sh.put(r, self.tot_col, None, style_bold if True else style_money)
                        cs = self.amt_cols
                        if cs == list(range(cs[0], cs[-1] + 1)):
                            cell.ast = ('sum', [('rng', S, r, cs[0], r, cs[-1])])
                        else:
                            cell.ast = ('add', [('ref', S, r, x) for x in cs])
                        cell.typed = rec.get('tot_typed', rec['typed'] if not isinstance(rec['typed'], dict) else True)
                        if rec['tot_ov'] is not None:
                            cell.v = rec['tot_ov']
                            cell.typed = True
                        if rec.get('tot_stale'):
                            cell.stale = rec['tot_stale']
            if self.pct_col is not None and self.pct_base and rec['kind'] != 'prod' and (r, self.amt_cols[0]) in sh.cells and 0 not in rec['blank']:
                cell = sh.put(r, self.pct_col, None, 'pct')
                br = self.by[self.pct_base]['row']
                cell.ast = ('div', ('ref', S, r, self.amt_cols[0]), ('ref', S, br, self.amt_cols[0]))
                cell.typed = False
            if self.derived and (r, self.amt_cols[0]) in sh.cells and 0 not in rec['blank']:
                dc, fac = self.derived
                cell = sh.put(r, dc, None, 'money0' if not bold else 'money0_b')
                cell.ast = ('mul', ('ref', S, r, self.amt_cols[0]), ('num', fac))
                cell.typed = False

    # structure for the checker ------------------------------------------
    def structure(self):
        st = dict(aggs=[], rates=[], prods=[], cross=[], balance=[], results=[])
        S = self.sheet
        for rec in self.recs:
            r = rec['row']
            for p, c in enumerate(self.amt_cols):
                if (r, c) not in self.sh.cells and p not in rec['blank']:
                    continue
                if rec['kind'] == 'agg':
                    st['aggs'].append((S, (r, c), [(self.by[k]['row'], c) for k in rec['kids']], rec['label']))
                elif rec['kind'] == 'rate' and not rec.get('nocheck'):
                    st['rates'].append((S, (r, c), rec['pct'], [(self.by[k]['row'], c) for k in rec['base']]))
                elif rec['kind'] == 'prod' and p == 0:
                    st['prods'].append((S, (r, c), (r, self.qty_col), (r, self.up_col)))
                elif rec['kind'] == 'result':
                    st['results'].append((S, (r, c), (self.by[rec['pos']]['row'], c), (self.by[rec['neg']]['row'], c)))
            if self.tot_col is not None and rec['kind'] != 'prod' and (r, self.tot_col) in self.sh.cells:
                st['cross'].append((S, (r, self.tot_col), [(r, c) for c in self.amt_cols]))
        if self.charges_total and self.produits_total:
            for p, c in enumerate(self.amt_cols):
                st['balance'].append((S, (self.by[self.charges_total]['row'], c), (self.by[self.produits_total]['row'], c)))
        # derived currency column: its own sums
        if self.derived:
            dc = self.derived[0]
            for rec in self.recs:
                if rec['kind'] == 'agg' and (rec['row'], dc) in self.sh.cells:
                    pass  # derived cells are products of the amount cell, not sums: no check
        return st

    def totals(self, key):
        if key is None:
            return None
        r = self.by[key]['row']
        out = []
        for c in self.amt_cols:
            cell = self.sh.cells.get((r, c))
            out.append(None if cell is None or not isinstance(cell.value, (int, float)) else round(cell.value, 2))
        return out


def merge_structs(*sts):
    out = dict(aggs=[], rates=[], prods=[], cross=[], balance=[], results=[])
    for st in sts:
        for k in out:
            out[k] += st.get(k, [])
    return out


# ---------------------------------------------------------------- truth checker
def check(book, st, missing_cells, text_cells):
    """Findings over the final grid: stated values (formula cells: recomputed values)."""
    F = []
    def cv(sh, rc):
        cell = book.get(sh, *rc)
        if cell is None:
            return 0.0
        if cell.text is not None:
            return float(cell.value)
        x = cell.value
        if isinstance(x, str):
            s = x.strip()
            if s in ('', '€', '-', '–', '—', '$', '£'):
                return 0.0
            try:
                return parse_text(s)
            except ValueError:
                return 0.0
        return float(x or 0)
    def add(rule, sh, rc, exp, act, why):
        F.append(dict(rule=rule, sheet=sh, cell=A1(*rc),
                      expected=None if exp is None else round(exp, 2),
                      actual=None if act is None else round(act, 2), why=why))
    for sh, rc, kids, label in st['aggs']:
        s = sum(cv(sh, k) for k in kids)
        a = cv(sh, rc)
        gap = abs(s - a)
        if gap > 0.005:
            rule = 'sum.rounding' if gap <= len(kids) else 'sum'
            add(rule, sh, rc, s, a, f"'{label}' states {a:.2f} but its {len(kids)} lines ({', '.join(A1(*k) for k in kids[:8])}{'…' if len(kids) > 8 else ''}) add up to {s:.2f}")
    for sh, rc, pct, base in st['rates']:
        b = sum(cv(sh, k) for k in base)
        a = cv(sh, rc)
        if abs(pct * b - a) > 1:
            add('rate', sh, rc, pct * b, a, f"{pct * 100:g} % of {b:.2f} ({'+'.join(A1(*k) for k in base)}) is {pct * b:.2f}, the line states {a:.2f}")
    for sh, rc, q, u in st['prods']:
        e = cv(sh, q) * cv(sh, u)
        a = cv(sh, rc)
        if abs(e - a) > 1:
            add('product', sh, rc, e, a, f"quantity {cv(sh, q):g} × unit price {cv(sh, u):g} = {e:.2f}, amount states {a:.2f}")
    for sh, rc, parts in st['cross']:
        e = sum(cv(sh, k) for k in parts)
        a = cv(sh, rc)
        if abs(e - a) > 0.005:
            add('cross-total', sh, rc, e, a, f"Total column states {a:.2f}, the period columns {'+'.join(A1(*k) for k in parts)} give {e:.2f}")
    for sh, ch, pr in st['balance']:
        c, p = cv(sh, ch), cv(sh, pr)
        if abs(c - p) > 0.005:
            add('balance', sh, pr, c, p, f"total income {p:.2f} ({A1(*pr)}) differs from total expenses {c:.2f} ({A1(*ch)})")
    for sh, rc, pos, neg in st['results']:
        e = cv(sh, pos) - cv(sh, neg)
        a = cv(sh, rc)
        if abs(e - a) > 0.005:
            add('result', sh, rc, e, a, f"result line states {a:.2f}; income {cv(sh, pos):.2f} − expenses {cv(sh, neg):.2f} = {e:.2f}")
    for s in book.sheets:
        for rc, cell in s.cells.items():
            if cell.ast is not None and not cell.typed and abs(cell.cached - cell.value) > 0.005:
                add('formula.stale', s.name, rc, cell.value, cell.cached, f"formula caches {cell.cached:.2f} but recomputes to {cell.value:.2f} (value pasted over / not recalculated)")
    for sh, rc, why in missing_cells:
        F.append(dict(rule='missing', sheet=sh, cell=A1(*rc), expected=None, actual=None, why=why))
    for sh, rc in text_cells:
        cell = book.get(sh, *rc)
        F.append(dict(rule='text-number', sheet=sh, cell=A1(*rc), expected=float(cell.value), actual=float(cell.value),
                      raw=cell.text, why='amount stored as text'))
    return F
