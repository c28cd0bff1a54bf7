"""Set G: plan model (nodes), values under overrides, and layout onto a grid."""
from checker import a1, _round

FR_FMT = '#,##0 "€";-#,##0 "€"'


class Node:
    def __init__(self, kind, label, **kw):
        self.kind = kind          # item group total rate product balance link result
        self.label = label
        self.vals = kw.get("vals")
        self.children = kw.get("children", [])
        self.style = kw.get("style")      # dont / above / below
        self.pct = kw.get("pct")
        self.base = kw.get("base", [])
        self.rnd = kw.get("rnd", True)
        self.qty = kw.get("qty")
        self.price = kw.get("price")
        self.note = kw.get("note")
        self.code = kw.get("code")
        self.target = kw.get("target")
        self.others = kw.get("others", [])
        self.src = kw.get("src")
        self.unit = kw.get("unit")        # monthly rate stated in the note
        self.sub_label = kw.get("sub_label")
        self.bold = kw.get("bold", False)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


def I(label, vals, **kw):
    return Node("item", label, vals=list(vals), **kw)


def G(label, children, **kw):
    return Node("group", label, children=children, **kw)


def R(label, pct, base, **kw):
    return Node("rate", label, pct=pct, base=base, **kw)


def P(label, qty, price, **kw):
    return Node("product", label, qty=list(qty), price=list(price), **kw)


def B(label, **kw):
    return Node("balance", label, **kw)


def LNK(label, src, **kw):
    return Node("link", label, src=src, **kw)


class Values:
    """Values of every node per period under a set of overrides."""

    def __init__(self, spec, ov):
        self.spec, self.ov, self.memo = spec, ov, {}

    def __call__(self, n, p):
        key = (id(n), p)
        if key in self.ov:
            o = self.ov[key]
            return 0.0 if o[0] == "missing" else o[1]
        if key in self.memo:
            return self.memo[key]
        if p == "T":
            v = sum(self(n, q) for q in range(len(self.spec["periods"])))
        elif n.kind == "item":
            v = float(n.vals[p])
        elif n.kind in ("group", "total"):
            v = sum(self(c, p) for c in n.children)
        elif n.kind == "rate":
            v = n.pct * sum(self(b, p) for b in n.base)
            v = _round(v, 0) if n.rnd else _round(v, 2)
        elif n.kind == "product":
            v = float(n.qty[p] * n.price[p])
        elif n.kind == "balance":
            v = self(n.target, p) - sum(self(o, p) for o in n.others)
        elif n.kind == "link":
            v = self(n.src, p)
        elif n.kind == "result":
            v = self(n.others[1], p) - self(n.others[0], p)
        else:
            raise ValueError(n.kind)
        self.memo[key] = v
        return v


def all_nodes(spec):
    for sec in spec["sections"]:
        for n in sec["nodes"]:
            yield from n.walk()
        if sec.get("total") is not None:
            yield sec["total"]
    for n in spec.get("tail", []):
        yield n
    if spec.get("result") is not None:
        yield spec["result"]


def fmt_fr(x, cur="€", dec=False):
    s = f"{abs(x):,.2f}" if dec else f"{abs(round(x)):,}"
    s = s.replace(",", "\u202f").replace(".", ",")
    s = f"{s} {cur}" if cur else s
    return "-" + s if x < 0 else s


def fmt_en(x, cur="$", dec=False):
    s = f"{abs(x):,.2f}" if dec else f"{abs(round(x)):,}"
    s = f"{cur}{s}"
    return f"({s})" if x < 0 else s
