"""Set G writers: XlsxWriter (cached values), openpyxl (no cache, LibreOffice recalculates), odfpy (office:value)."""
import re

from model import fmt_fr, fmt_en


def num_formats(lang, cur):
    if lang == "fr":
        return {"money": '#,##0 "€";-#,##0 "€"' if cur == "€" else '#,##0 "$"', "money2": '#,##0.00 "€"' if cur == "€" else '#,##0.00 "$"',
                "pct": "0.0%", "qty": "0"}
    sym = cur[-1]
    return {"money": f'"{sym}"#,##0;("{sym}"#,##0)', "money2": f'"{sym}"#,##0.00', "pct": "0.0%", "qty": "0"}


def _merged_cells(merges):
    inside = {}
    for (r1, c1, r2, c2) in merges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                inside[(r, c)] = (r1, c1, r2, c2)
    return inside


def write_xw(path, sheets, fi, rng=None):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path)
    wb.set_properties({"author": "Trésorerie" if fi["lang"] == "fr" else "Finance", "title": "Budget"})
    nf = num_formats(fi["lang"], fi["cur"])
    cache = {}

    def F(fmt, bold):
        key = (fmt, bold)
        if key not in cache:
            d = {}
            if fmt:
                d["num_format"] = nf[fmt]
            if bold:
                d["bold"] = True
            cache[key] = wb.add_format(d) if d else None
        return cache[key]

    for sh in sheets:
        ws = wb.add_worksheet(sh["name"])
        for c, w in sh.get("widths", {}).items():
            ws.set_column(c, c, w)
        merged = _merged_cells(sh["merges"])
        for (r1, c1, r2, c2) in sh["merges"]:
            cl = sh["cells"].get((r1, c1), {})
            ws.merge_range(r1, c1, r2, c2, cl.get("v") or "", F(None, cl.get("bold")))
        for (r, c), cl in sorted(sh["cells"].items()):
            if (r, c) in merged:
                continue
            fmt = F(cl["fmt"], cl["bold"])
            if cl["f"]:
                ws.write_formula(r, c, cl["f"], fmt, cl["cached"])
            elif isinstance(cl["v"], str):
                ws.write_string(r, c, cl["v"], fmt)
            elif cl["v"] is not None:
                ws.write_number(r, c, cl["v"], fmt)
    wb.close()


def write_opx(path, sheets, fi):
    import openpyxl
    from openpyxl.styles import Font
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    nf = num_formats(fi["lang"], fi["cur"])
    for sh in sheets:
        ws = wb.create_sheet(sh["name"])
        for (r, c), cl in sorted(sh["cells"].items()):
            x = ws.cell(row=r + 1, column=c + 1)
            x.value = cl["f"] if cl["f"] else cl["v"]
            if cl["fmt"]:
                x.number_format = nf[cl["fmt"]]
            if cl["bold"]:
                x.font = Font(bold=True)
        for (r1, c1, r2, c2) in sh["merges"]:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for c, w in sh.get("widths", {}).items():
            from openpyxl.utils import get_column_letter
            ws.column_dimensions[get_column_letter(c + 1)].width = w
    wb.save(path)


def to_odf_formula(f):
    s = f.lstrip("=")
    s = re.sub(r"(\$?[A-Z]{1,3}\$?\d+):(\$?[A-Z]{1,3}\$?\d+)", r"[.\1:.\2]", s)
    s = re.sub(r"(?<![.\w$])(\$?[A-Z]{1,3}\$?\d+)(?![\w\]:(])", r"[.\1]", s)
    s = s.replace(",", ";")
    return "of:=" + s


def write_odf(path, sheets, fi):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties, TableColumnProperties
    from odf.table import Table, TableRow, TableCell, CoveredTableCell, TableColumn
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    bold = Style(name="cb", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    wide = Style(name="cowide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="3.2in"))
    norm = Style(name="conorm", family="table-column")
    norm.addElement(TableColumnProperties(columnwidth="1.1in"))
    doc.automaticstyles.addElement(wide)
    doc.automaticstyles.addElement(norm)
    lang, cur = fi["lang"], fi["cur"]

    def disp(v, fmt):
        if fmt == "pct":
            return f"{v * 100:.1f} %".replace(".", ",") if lang == "fr" else f"{v * 100:.1f}%"
        if fmt == "qty":
            return f"{v:g}"
        dec = fmt == "money2" or abs(v - round(v)) > 0.001
        return fmt_fr(v, cur, dec) if lang == "fr" else fmt_en(v, cur[-1], dec)

    for sh in sheets:
        t = Table(name=sh["name"])
        maxr = max(r for r, c in sh["cells"]) if sh["cells"] else 0
        maxc = max(c for r, c in sh["cells"]) if sh["cells"] else 0
        for (r1, c1, r2, c2) in sh["merges"]:
            maxc = max(maxc, c2)
        wc = sh.get("widths", {})
        for c in range(maxc + 1):
            t.addElement(TableColumn(stylename=wide if c in wc else norm))
        merged = _merged_cells(sh["merges"])
        starts = {(m[0], m[1]): m for m in sh["merges"]}
        for r in range(maxr + 1):
            tr = TableRow()
            for c in range(maxc + 1):
                if (r, c) in merged and (r, c) not in starts:
                    tr.addElement(CoveredTableCell())
                    continue
                cl = sh["cells"].get((r, c))
                kw = {}
                if (r, c) in starts:
                    m = starts[(r, c)]
                    kw["numbercolumnsspanned"] = m[3] - m[1] + 1
                    kw["numberrowsspanned"] = m[2] - m[0] + 1
                if cl is None or (cl["v"] is None and not cl["f"]):
                    tr.addElement(TableCell(**kw))
                    continue
                if cl["bold"]:
                    kw["stylename"] = bold
                if cl["f"]:
                    v = cl["cached"]
                    vt = "percentage" if cl["fmt"] == "pct" else "float"
                    tc = TableCell(valuetype=vt, value=repr(float(v)), formula=to_odf_formula(cl["f"]), **kw)
                    tc.addElement(P(text=disp(v, cl["fmt"])))
                elif isinstance(cl["v"], str):
                    tc = TableCell(valuetype="string", **kw)
                    tc.addElement(P(text=cl["v"]))
                else:
                    v = cl["v"]
                    vt = "percentage" if cl["fmt"] == "pct" else "float"
                    tc = TableCell(valuetype=vt, value=repr(float(v)), **kw)
                    tc.addElement(P(text=disp(v, cl["fmt"])))
                tr.addElement(tc)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(path)
