"""Three producers: XlsxWriter (cached values), openpyxl (no caches: recalculated by LibreOffice
afterwards) and odfpy (.ods, office:value written for formula cells)."""
import xlsxwriter
import openpyxl
from openpyxl.styles import Font, Alignment
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties, TableCellProperties, ParagraphProperties
from odf.number import NumberStyle, Number, PercentageStyle, Text as NText, CurrencyStyle, CurrencySymbol
from odf.table import Table, TableColumn, TableRow, TableCell, CoveredTableCell
from odf.text import P

from core import to_odf_formula, col_letter


def _merged_map(sh):
    top, covered = {}, set()
    for (r1, c1, r2, c2) in sh.merges:
        top[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    covered.add((r, c))
    return top, covered


def write_xlsxwriter(book, path):
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False,
                                    "strings_to_urls": False})
    cache = {}

    def fmt(cell):
        if cell is None:
            return None
        key = (cell.fmt, cell.bold, cell.italic, cell.indent, cell.align, cell.wrap)
        if key not in cache:
            d = {}
            if cell.fmt:
                d["num_format"] = cell.fmt
            if cell.bold:
                d["bold"] = True
            if cell.italic:
                d["italic"] = True
            if cell.indent:
                d["indent"] = cell.indent
            if cell.align:
                d["align"] = cell.align
            if cell.wrap:
                d["text_wrap"] = True
            cache[key] = wb.add_format(d) if d else None
        return cache[key]

    for sh in book.sheets:
        ws = wb.add_worksheet(sh.name)
        for c, w in sh.widths.items():
            ws.set_column(c, c, w, None, {"hidden": c in sh.hidden})
        for c in sh.hidden:
            if c not in sh.widths:
                ws.set_column(c, c, 10, None, {"hidden": True})
        top, covered = _merged_map(sh)
        for (r1, c1, r2, c2) in sh.merges:
            cell = sh.get(r1, c1)
            v = cell.v if cell else ""
            ws.merge_range(r1, c1, r2, c2, v if v is not None else "", fmt(cell))
        for (r, c), cell in sorted(sh.cells.items()):
            if (r, c) in top or (r, c) in covered:
                continue
            f = fmt(cell)
            if cell.f:
                ws.write_formula(r, c, cell.f, f, cell.cache if cell.cache is not None else 0)
            elif isinstance(cell.v, str):
                ws.write_string(r, c, cell.v, f)
            elif isinstance(cell.v, (int, float)):
                ws.write_number(r, c, cell.v, f)
            elif f is not None:
                ws.write_blank(r, c, None, f)
    wb.close()


def write_openpyxl(book, path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in book.sheets:
        ws = wb.create_sheet(sh.name)
        for c, w in sh.widths.items():
            ws.column_dimensions[col_letter(c)].width = w
        for c in sh.hidden:
            ws.column_dimensions[col_letter(c)].hidden = True
        for (r, c), cell in sorted(sh.cells.items()):
            x = ws.cell(row=r + 1, column=c + 1)
            if cell.f:
                x.value = cell.f
            elif cell.v is not None:
                x.value = cell.v
                if isinstance(cell.v, str):
                    x.data_type = "s"
            if cell.fmt:
                x.number_format = cell.fmt
            if cell.bold or cell.italic:
                x.font = Font(bold=cell.bold, italic=cell.italic)
            if cell.indent or cell.align or cell.wrap:
                x.alignment = Alignment(indent=cell.indent or 0, horizontal=cell.align, wrap_text=cell.wrap)
        for (r1, c1, r2, c2) in sh.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    wb.save(path)


def write_odf(book, path):
    doc = OpenDocumentSpreadsheet()
    # number styles
    n2 = NumberStyle(name="N2")
    n2.addElement(Number(decimalplaces="2", minintegerdigits="1", grouping="true"))
    n0 = NumberStyle(name="N0")
    n0.addElement(Number(decimalplaces="0", minintegerdigits="1", grouping="true"))
    pc = PercentageStyle(name="PC")
    pc.addElement(Number(decimalplaces="0", minintegerdigits="1"))
    pc.addElement(NText(text="%"))
    for s in (n2, n0, pc):
        doc.automaticstyles.addElement(s)
    styles = {}

    def cstyle(cell):
        if cell is None:
            return None
        kind = None
        if cell.fmt:
            kind = "pc" if "%" in cell.fmt else ("n2" if "0.00" in cell.fmt else "n0")
        key = (kind, cell.bold, cell.italic, bool(cell.indent))
        if key == (None, False, False, False):
            return None
        if key not in styles:
            name = f"ce{len(styles) + 1}"
            dsn = {"pc": "PC", "n2": "N2", "n0": "N0"}.get(kind)
            st = Style(name=name, family="table-cell", **({"datastylename": dsn} if dsn else {}))
            tp = {}
            if cell.bold:
                tp["fontweight"] = "bold"
            if cell.italic:
                tp["fontstyle"] = "italic"
            if tp:
                st.addElement(TextProperties(**tp))
            if cell.indent:
                st.addElement(ParagraphProperties(marginleft="0.4cm"))
            doc.automaticstyles.addElement(st)
            styles[key] = st
        return styles[key]

    colstyles = {}

    def colstyle(w):
        w = round(w * 0.19, 2)
        if w not in colstyles:
            st = Style(name=f"co{len(colstyles) + 1}", family="table-column")
            st.addElement(TableColumnProperties(columnwidth=f"{w}cm"))
            doc.automaticstyles.addElement(st)
            colstyles[w] = st
        return colstyles[w]

    for sh in book.sheets:
        t = Table(name=sh.name)
        maxr = max([r for (r, c) in sh.cells] + [r2 for (_, _, r2, _) in sh.merges] + [0])
        maxc = max([c for (r, c) in sh.cells] + [c2 for (_, _, _, c2) in sh.merges] + list(sh.widths) + [0])
        for c in range(maxc + 1):
            kw = {"stylename": colstyle(sh.widths.get(c, 10))}
            if c in sh.hidden:
                kw["visibility"] = "collapse"
            t.addElement(TableColumn(**kw))
        top, covered = _merged_map(sh)
        for r in range(maxr + 1):
            tr = TableRow()
            for c in range(maxc + 1):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                cell = sh.get(r, c)
                kw = {}
                st = cstyle(cell)
                if st is not None:
                    kw["stylename"] = st
                if (r, c) in top:
                    kw["numberrowsspanned"] = top[(r, c)][0]
                    kw["numbercolumnsspanned"] = top[(r, c)][1]
                text = None
                if cell is not None and cell.f:
                    v = cell.cache if cell.cache is not None else 0
                    kw.update(formula=to_odf_formula(cell.f), valuetype="float", value=repr(float(v)))
                    text = _disp(v)
                elif cell is not None and isinstance(cell.v, (int, float)) and not isinstance(cell.v, bool):
                    vt = "percentage" if cell.fmt and "%" in cell.fmt else "float"
                    kw.update(valuetype=vt, value=repr(float(cell.v)))
                    text = _disp(cell.v) if vt == "float" else f"{cell.v * 100:g}%"
                elif cell is not None and isinstance(cell.v, str):
                    kw.update(valuetype="string")
                    text = cell.v
                tc = TableCell(**kw)
                if text is not None:
                    tc.addElement(P(text=text))
                tr.addElement(tc)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(path)


def _disp(v):
    if abs(v - round(v)) < 1e-9:
        return f"{v:,.0f}"
    return f"{v:,.2f}"
