"""Writers: xlsxwriter (cached values), openpyxl (no cache: LibreOffice recalculates), odfpy."""
import xlsxwriter, openpyxl
from openpyxl.styles import Font, PatternFill, Alignment
from core import render_x, render_o, A1, col_letter

def numfmt(book, style):
    cur = getattr(book, 'currency', '€')
    dec = getattr(book, 'decimals', 0)
    d = '.' + '0' * dec if dec else ''
    if style in ('money', 'money_b'):
        if cur == '€':
            return f'#,##0{d} "€"' if getattr(book, 'eur_suffix', True) else f'#,##0{d}'
        return f'"{cur}"#,##0{d}'
    if style in ('money0', 'money0_b'):
        return '#,##0'
    if style == 'pct':
        return '0.0%'
    if style == 'qty':
        return '#,##0.##'
    if style == 'int':
        return '0'
    return None

def write_xlsxwriter(book, path):
    wb = xlsxwriter.Workbook(path)
    fm = {}
    def f(style):
        if style in fm:
            return fm[style]
        props = {}
        if style in ('title',):
            props.update(bold=True, font_size=14)
        if style in ('subtitle',):
            props.update(italic=True)
        if style in ('h',):
            props.update(bold=True, bg_color='#D9E1F2', border=1, text_wrap=True)
        if style in ('b', 'money_b', 'money0_b'):
            props.update(bold=True)
        if style == 'note':
            props.update(italic=True, font_color='#555555')
        nf = numfmt(book, style)
        if nf:
            props['num_format'] = nf
        fm[style] = wb.add_format(props) if props else None
        return fm[style]
    for s in book.sheets:
        ws = wb.add_worksheet(s.name[:31])
        for c, w in s.widths.items():
            ws.set_column(c, c, w, None, {'hidden': 1} if c in s.hidden_cols else {})
        for c in s.hidden_cols:
            if c not in s.widths:
                ws.set_column(c, c, 10, None, {'hidden': 1})
        merged_first = {(m[0], m[1]): m for m in s.merges}
        covered = set()
        for (r1, c1, r2, c2) in s.merges:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        covered.add((r, c))
        for (r, c), cell in sorted(s.cells.items()):
            if (r, c) in covered:
                continue
            fmt = f(cell.style)
            if (r, c) in merged_first:
                m = merged_first[(r, c)]
                ws.merge_range(m[0], m[1], m[2], m[3], '', fmt)
            if cell.text is not None:
                ws.write_string(r, c, cell.text, fmt)
            elif cell.ast is not None and not cell.typed:
                ws.write_formula(r, c, '=' + render_x(cell.ast, s.name), fmt, cell.cached)
            elif isinstance(cell.value, (int, float)):
                ws.write_number(r, c, cell.value, fmt)
            elif isinstance(cell.value, str):
                ws.write_string(r, c, cell.value, fmt)
            else:
                ws.write_blank(r, c, None, fmt)
        if s.hidden:
            ws.hide()
    wb.close()

def write_openpyxl(book, path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for s in book.sheets:
        ws = wb.create_sheet(s.name[:31])
        for c, w in s.widths.items():
            ws.column_dimensions[col_letter(c)].width = w
        for c in s.hidden_cols:
            ws.column_dimensions[col_letter(c)].hidden = True
        for (r, c), cell in sorted(s.cells.items()):
            x = ws.cell(row=r + 1, column=c + 1)
            if cell.text is not None:
                x.value = cell.text
                x.data_type = 's'
            elif cell.ast is not None and not cell.typed:
                x.value = '=' + render_x(cell.ast, s.name)
            else:
                x.value = cell.value
            st = cell.style
            if st in ('title',):
                x.font = Font(bold=True, size=14)
            elif st in ('h',):
                x.font = Font(bold=True)
                x.fill = PatternFill('solid', fgColor='E2EFDA')
                x.alignment = Alignment(wrap_text=True)
            elif st in ('b', 'money_b', 'money0_b'):
                x.font = Font(bold=True)
            elif st == 'note':
                x.font = Font(italic=True)
            elif st == 'subtitle':
                x.font = Font(italic=True)
            nf = numfmt(book, st)
            if nf:
                x.number_format = nf
        for (r1, c1, r2, c2) in s.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        if s.hidden:
            ws.sheet_state = 'hidden'
    wb.save(path)

def write_odf(book, path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties, TableColumnProperties, TableCellProperties
    from odf.number import NumberStyle, Number, Text as NText, PercentageStyle, CurrencyStyle, CurrencySymbol
    from odf.table import Table, TableRow, TableCell, TableColumn, CoveredTableCell
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    cur = getattr(book, 'currency', '€')
    dec = getattr(book, 'decimals', 0)
    # number styles
    ns = NumberStyle(name='N0')
    ns.addElement(Number(decimalplaces=dec, minintegerdigits=1, grouping='true'))
    if cur == '€' and getattr(book, 'eur_suffix', True):
        ns.addElement(NText(text=' €'))
    doc.automaticstyles.addElement(ns)
    ns2 = NumberStyle(name='N1')
    ns2.addElement(Number(decimalplaces=0, minintegerdigits=1, grouping='true'))
    doc.automaticstyles.addElement(ns2)
    ps = PercentageStyle(name='P0')
    ps.addElement(Number(decimalplaces=1, minintegerdigits=1))
    ps.addElement(NText(text='%'))
    doc.automaticstyles.addElement(ps)
    styles = {}
    def sty(style):
        if style in styles:
            return styles[style]
        kw = {}
        if style in ('money', 'money_b'):
            kw['datastylename'] = 'N0'
        elif style in ('money0', 'money0_b', 'qty'):
            kw['datastylename'] = 'N1'
        elif style == 'pct':
            kw['datastylename'] = 'P0'
        st = Style(name=f"ce_{style}", family='table-cell', **kw)
        if style in ('title', 'h', 'b', 'money_b', 'money0_b'):
            st.addElement(TextProperties(fontweight='bold', fontweightasian='bold', fontweightcomplex='bold',
                                         fontsize='14pt' if style == 'title' else '10pt'))
        if style in ('note', 'subtitle'):
            st.addElement(TextProperties(fontstyle='italic'))
        if style == 'h':
            st.addElement(TableCellProperties(backgroundcolor='#dde8cb'))
        doc.automaticstyles.addElement(st)
        styles[style] = st
        return st
    colstyles = {}
    for s in book.sheets:
        t = Table(name=s.name)
        maxc = max([c for (_, c) in s.cells] + [0])
        maxr = max([r for (r, _) in s.cells] + [0])
        for c in range(maxc + 1):
            w = s.widths.get(c, 12)
            key = (w, c in s.hidden_cols)
            if key not in colstyles:
                cs = Style(name=f"co{len(colstyles)}", family='table-column')
                cs.addElement(TableColumnProperties(columnwidth=f"{w * 0.19:.2f}cm"))
                doc.automaticstyles.addElement(cs)
                colstyles[key] = cs
            kw = dict(stylename=colstyles[key])
            if c in s.hidden_cols:
                kw['visibility'] = 'collapse'
            t.addElement(TableColumn(**kw))
        mstart = {(m[0], m[1]): m for m in s.merges}
        covered = set()
        for (r1, c1, r2, c2) in s.merges:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        covered.add((r, c))
        for r in range(maxr + 1):
            tr = TableRow()
            for c in range(maxc + 1):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                cell = s.cells.get((r, c))
                kw = {}
                if (r, c) in mstart:
                    m = mstart[(r, c)]
                    kw['numbercolumnsspanned'] = m[3] - m[1] + 1
                    kw['numberrowsspanned'] = m[2] - m[0] + 1
                if cell is None:
                    tr.addElement(TableCell(**kw))
                    continue
                if cell.style:
                    kw['stylename'] = sty(cell.style)
                if cell.text is not None:
                    tc = TableCell(valuetype='string', **kw)
                    tc.addElement(P(text=cell.text))
                elif cell.ast is not None and not cell.typed:
                    v = cell.cached
                    vt = 'percentage' if cell.style == 'pct' else 'float'
                    tc = TableCell(valuetype=vt, value=repr(float(v)), formula='of:=' + render_o(cell.ast, s.name), **kw)
                    tc.addElement(P(text=f"{v:.2f}"))
                elif isinstance(cell.value, (int, float)):
                    vt = 'percentage' if cell.style == 'pct' else 'float'
                    tc = TableCell(valuetype=vt, value=repr(float(cell.value)), **kw)
                    tc.addElement(P(text=f"{cell.value}"))
                elif isinstance(cell.value, str):
                    tc = TableCell(valuetype='string', **kw)
                    tc.addElement(P(text=cell.value))
                else:
                    tc = TableCell(**kw)
                tr.addElement(tc)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(path)
