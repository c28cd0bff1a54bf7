"""Writers for set I: XlsxWriter (cached values), openpyxl (no cache; LibreOffice recalculates),
odfpy (.ods with office:value and of: formulas)."""
from model import formula_text


def disp(v, money, lang):
    if isinstance(v, str):
        return v
    if money == "pct":
        return f"{v * 100:.1f} %"
    dec = ".00" in (money or "")
    s = f"{v:,.2f}" if dec else f"{v:,.0f}"
    if lang == "fr":
        s = s.replace(",", "\u202f").replace(".", ",")
        return s + (" €" if "€" in (money or "") else "")
    sym = "£" if "£" in (money or "") else "$" if "$" in (money or "") else "€" if "€" in (money or "") else ""
    return sym + s


def _merged_starts(P, sh):
    return {(r1, c1): (r2, c2) for (r1, c1, r2, c2) in P.book.merges[sh]}


def write_xlsxwriter(P, path):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path)
    fmts = {}

    def F(key):
        if key in fmts:
            return fmts[key]
        d = {}
        if key == "title":
            d = dict(bold=True, font_size=14)
        elif key == "subtitle":
            d = dict(italic=True)
        elif key == "hdr":
            d = dict(bold=True, bg_color="#D9E1F2", border=1, text_wrap=True)
        elif key in ("bold", "total"):
            d = dict(bold=True)
        elif key == "note":
            d = dict(italic=True, font_color="#595959")
        elif key == "pct":
            d = dict(num_format="0.0%")
        elif key:
            d = dict(num_format=key)
        fmts[key] = wb.add_format(d) if d else None
        return fmts[key]

    for sh in P.book.order:
        ws = wb.add_worksheet(sh)
        cells = P.book.sheets[sh]
        merges = _merged_starts(P, sh)
        maxc = max([c for (_, c) in cells] + [0])
        for c in range(maxc + 1):
            ws.set_column(c, c, 40 if c == P.o["c0"] else 14)
        for (r, c), cell in sorted(cells.items()):
            f = F(cell.fmt)
            if (r, c) in merges:
                r2, c2 = merges[(r, c)]
                ws.merge_range(r, c, r2, c2, cell.v, f)
                continue
            if cell.kind == "n":
                ws.write_number(r, c, cell.v, f)
            elif cell.kind == "s":
                ws.write_string(r, c, cell.v, f)
            else:
                ws.write_formula(r, c, formula_text(cell.e, sh), f, cell.cached)
    wb.close()


def write_openpyxl(P, path):
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in P.book.order:
        ws = wb.create_sheet(sh)
        for (r, c), cell in sorted(P.book.sheets[sh].items()):
            x = ws.cell(row=r + 1, column=c + 1)
            if cell.kind == "f":
                x.value = formula_text(cell.e, sh)
            else:
                x.value = cell.v
            if cell.fmt in ("title",):
                x.font = Font(bold=True, size=14)
            elif cell.fmt in ("bold", "total"):
                x.font = Font(bold=True)
            elif cell.fmt == "hdr":
                x.font = Font(bold=True)
                x.fill = PatternFill("solid", fgColor="FFE2EFDA")
            elif cell.fmt == "pct":
                x.number_format = "0.0%"
            elif cell.fmt and cell.fmt not in ("note", "subtitle"):
                x.number_format = cell.fmt
        for (r1, c1, r2, c2) in P.book.merges[sh]:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        ws.column_dimensions[openpyxl.utils.get_column_letter(P.o["c0"] + 1)].width = 42
    wb.save(path)


def write_odf(P, path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties, TableColumnProperties
    from odf.table import Table, TableRow, TableCell, CoveredTableCell, TableColumn
    from odf.text import P as TP
    doc = OpenDocumentSpreadsheet()
    bold = Style(name="bold", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    wide = Style(name="colwide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="8cm"))
    doc.automaticstyles.addElement(wide)
    norm = Style(name="colnorm", family="table-column")
    norm.addElement(TableColumnProperties(columnwidth="2.8cm"))
    doc.automaticstyles.addElement(norm)
    lang = P.lang
    for sh in P.book.order:
        t = Table(name=sh)
        cells = P.book.sheets[sh]
        merges = _merged_starts(P, sh)
        covered = set()
        for (r1, c1), (r2, c2) in merges.items():
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        covered.add((r, c))
        maxr = max([r for (r, _) in cells] + [0])
        maxc = max([c for (_, c) in cells] + [0])
        for c in range(maxc + 1):
            t.addElement(TableColumn(stylename=wide if c == P.o["c0"] else norm))
        for r in range(maxr + 1):
            tr = TableRow()
            for c in range(maxc + 1):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                cell = cells.get((r, c))
                kw = {}
                if (r, c) in merges:
                    r2, c2 = merges[(r, c)]
                    kw["numbercolumnsspanned"] = c2 - c + 1
                    kw["numberrowsspanned"] = r2 - r + 1
                if cell is None:
                    tr.addElement(TableCell(**kw))
                    continue
                if cell.fmt in ("bold", "total", "hdr", "title"):
                    kw["stylename"] = bold
                if cell.kind == "s":
                    tc = TableCell(valuetype="string", **kw)
                    tc.addElement(TP(text=cell.v))
                else:
                    v = cell.v if cell.kind == "n" else cell.cached
                    if cell.fmt == "pct":
                        tc = TableCell(valuetype="percentage", value=repr(float(v)), **kw)
                    elif cell.fmt and ("€" in cell.fmt or "£" in cell.fmt or "$" in cell.fmt):
                        cur = "GBP" if "£" in cell.fmt else "USD" if "$" in cell.fmt else "EUR"
                        tc = TableCell(valuetype="currency", currency=cur, value=repr(float(v)), **kw)
                    else:
                        tc = TableCell(valuetype="float", value=repr(float(v)), **kw)
                    if cell.kind == "f":
                        tc.setAttribute("formula", formula_text(cell.e, sh, odf=True))
                    tc.addElement(TP(text=disp(v, cell.fmt, lang)))
                tr.addElement(tc)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(path)
