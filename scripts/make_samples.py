#!/usr/bin/env python3
"""Write the project's sample plans in samples/, by hand-written XML (stdlib only).

samples/seed-meuse-asp.xlsx and .ods: the plan of the seed slide (domain.md §5), with SUM
formulas and their cached values, the Département line empty and the FSE line as the slide
shows it. samples/eu-grant-typo.xlsx: a small English plan whose subtotal has a digit swap.
Run: python3 scripts/make_samples.py  (rewrites the files; the output is deterministic)
"""
import os, zipfile
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "samples")
DATE = (1980, 1, 2, 0, 0, 0)

P1, P2 = "05 à 12/2022", "01 à 12/2023"
# (row, label, amount 2022, amount 2023, remark, formula kind) ; formula: ("sum", first, last) or list of rows
SEED = [
    (1, "PRÉFET DE LA MEUSE", None, None, None, None),
    (2, "Création postes ASP mutualisés – Vendredi 25 février 2022", None, None, None, None),
    (3, "Stratégie de prévention et de lutte contre la pauvreté – GESAM 55", None, None, None, None),
    (5, "Plan prévisionnel de financement", None, None, None, None),
    (7, "CHARGES", P1, P2, "REMARQUES", "header"),
    (8, "Personnel", 49600, 75600, None, ("sum", 9, 10)),
    (9, "dont salaire chargé ASP secteur COMMERCY", 23600, 36000, "2 950 € / mois en 2022, 3 000 € / mois en 2023", None),
    (10, "dont salaire chargé ASP 1/2 tps renfort, 1/2 tps coordination", 26000, 39600, "3 250 € / mois en 2022, 3 300 € / mois en 2023", None),
    (11, "Fonctionnement", 5700, 5000, None, ("sum", 12, 15)),
    (12, "Achat fournitures et matériel COMMERCY", 1200, 0, "1 ordinateur avec raccord réseau et 1 tél portable en 2022", None),
    (13, "Achat fournitures et matériel renfort coordination", 1200, 0, "1 ordinateur avec raccord réseau et 1 tél portable en 2022", None),
    (14, "Frais de dépl, héberg restaurant, divers COMMERCY", 1300, 2000, None, None),
    (15, "Frais de dépl, héberg restaurant, divers renfort coordination", 2000, 3000, None, None),
    (16, "Dépenses indirectes (20% des charges)", 11060, 16120, "Frais gestion (10% sal ch) et suivi GESAM, frais fonctionnement", None),
    (17, "TOTAL CHARGES", 66360, 96720, None, ("list", [8, 11, 16])),
    (18, "PRODUITS", P1, P2, "REMARQUES", "header"),
    (19, "Fonds européens FSE", 27265, 51911, "Répartition à définir par le Département", None),
    (20, "Département", None, None, None, None),
    (21, "Financement publics nationaux", 27666, 27666, None, ("sum", 22, 24)),
    (22, "dont convention pauvreté part Etat", 11833, 11833, None, None),
    (23, "dont convention pauvreté par Département", 11833, 11833, None, None),
    (24, "dont FDI Etat", 4000, 4000, None, None),
    (25, "Financements privés nationaux", 11429, 17143, None, None),
    (26, "dont SIAE secteur COMMERCY", 8571, 12857, "Base de 15 000 € sur budget 14 mois (268 € / mois si 4 SIAE)", None),
    (27, "dont SIAE sur mi temps renfort BLD VERDUN", 2857, 4286, "Base de 5 000 € sur budget 14 mois (hors mi tps coordination)", None),
    (28, "TOTAL PRODUITS", 66360, 96720, None, ("list", [19, 20, 21, 25])),
    (29, "RESULTATS", 0, 0, None, ("result", 28, 17)),
]

EU = [
    (1, "Project budget – Youth mobility pilot", None, None, None, None),
    (3, "Costs", "Year 1", "Year 2", "Notes", "header"),
    (4, "A. Personnel", 25200, 25200, "EUR 2,100 per month", None),
    (5, "B. Subcontracting", 6000, 4000, None, None),
    (6, "C. Purchase costs", 7900, 7200, None, ("sum", 7, 8)),
    (7, "of which travel", 4500, 4200, None, None),
    (8, "of which equipment", 3400, 3000, None, None),
    (9, "D. Indirect costs (25% of A + C)", 8275, 8100, None, None),
    (10, "Total costs", 47375, 44500, None, ("list", [4, 5, 6, 9])),
    (12, "Income", "Year 1", "Year 2", None, "header"),
    (13, "EU grant requested", 37900, 35600, None, None),
    (14, "Own contribution", 9475, 8900, None, None),
    (15, "Total income", 47375, 44500, None, ("sum", 13, 14)),
    (16, "Balance", 0, 0, None, ("result", 15, 10)),
]


def col(c):
    return "ABCD"[c]


def xlsx_formula(kind, c):
    L = col(c)
    if kind[0] == "sum":
        return f"SUM({L}{kind[1]}:{L}{kind[2]})"
    if kind[0] == "list":
        return "+".join(f"{L}{r}" for r in kind[1])
    if kind[0] == "result":
        return f"{L}{kind[1]}-{L}{kind[2]}"


def ods_formula(kind, c):
    L = col(c)
    if kind[0] == "sum":
        return f"of:=SUM([.{L}{kind[1]}:.{L}{kind[2]}])"
    if kind[0] == "list":
        return "of:=" + "+".join(f"[.{L}{r}]" for r in kind[1])
    if kind[0] == "result":
        return f"of:=[.{L}{kind[1]}]-[.{L}{kind[2]}]"


def write_zip(path, entries):
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w") as z:
        for name, data, stored in entries:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    os.replace(tmp, path)


def xlsx(path, sheet_name, rows, typo=None):
    cells_xml = []
    for (r, label, a, b, remark, kind) in rows:
        cs = []
        bold = kind == "header" or (isinstance(kind, tuple) and kind[0] != "sum") or r < 6
        s = ' s="1"' if bold else ""
        cs.append(f'<c r="A{r}" t="inlineStr"{s}><is><t>{escape(label)}</t></is></c>')
        for c, v in ((1, a), (2, b)):
            if v is None:
                continue
            if typo and typo == (r, c):
                v = int(str(v)[:-3] + str(v)[-2] + str(v)[-3] + str(v)[-1])
            if isinstance(v, str):
                cs.append(f'<c r="{col(c)}{r}" t="inlineStr"{s}><is><t>{escape(v)}</t></is></c>')
            elif isinstance(kind, tuple) and not (typo and typo == (r, c)):
                cs.append(f'<c r="{col(c)}{r}" s="2"><f>{xlsx_formula(kind, c)}</f><v>{v}</v></c>')
            else:
                cs.append(f'<c r="{col(c)}{r}" s="2"><v>{v}</v></c>')
        if remark:
            cs.append(f'<c r="D{r}" t="inlineStr"{s}><is><t>{escape(remark)}</t></is></c>')
        cells_xml.append(f'<row r="{r}">{"".join(cs)}</row>')
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{ns}">'
             '<cols><col min="1" max="1" width="58" customWidth="1"/><col min="2" max="3" width="15" customWidth="1"/>'
             '<col min="4" max="4" width="62" customWidth="1"/></cols>'
             f'<sheetData>{"".join(cells_xml)}</sheetData></worksheet>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{ns}" xmlns:r="{rel}">'
                f'<sheets><sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/></sheets>'
                '<calcPr fullCalcOnLoad="1"/></workbook>')
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{ns}">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0\\ &quot;€&quot;"/></numFmts>'
              '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
              '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
              '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
              '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
              '</styleSheet>')
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
          '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
          '</Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                 f'<Relationship Id="rId2" Type="{rel}/extended-properties" Target="docProps/app.xml"/></Relationships>')
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
               f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>')
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>Equilibre samples</Application></Properties>')
    write_zip(path, [("[Content_Types].xml", ct, False), ("_rels/.rels", root_rels, False),
                     ("docProps/app.xml", app, False), ("xl/workbook.xml", workbook, False),
                     ("xl/_rels/workbook.xml.rels", wb_rels, False), ("xl/styles.xml", styles, False),
                     ("xl/worksheets/sheet1.xml", sheet, False)])


def ods(path, sheet_name, rows):
    O = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
    out = []
    last = 0
    for (r, label, a, b, remark, kind) in rows:
        if r > last + 1:
            out.append(f'<table:table-row table:number-rows-repeated="{r - last - 1}"><table:table-cell table:number-columns-repeated="4"/></table:table-row>')
        last = r
        bold = kind == "header" or (isinstance(kind, tuple) and kind[0] != "sum") or r < 6
        st = ' table:style-name="bold"' if bold else ""
        cs = [f'<table:table-cell office:value-type="string"{st}><text:p>{escape(label)}</text:p></table:table-cell>']
        for c, v in ((1, a), (2, b)):
            if v is None:
                cs.append("<table:table-cell/>")
            elif isinstance(v, str):
                cs.append(f'<table:table-cell office:value-type="string"{st}><text:p>{escape(v)}</text:p></table:table-cell>')
            else:
                f = f' table:formula={quoteattr(ods_formula(kind, c))}' if isinstance(kind, tuple) else ""
                shown = f"{v:,}".replace(",", "\u202f") + " €"
                cs.append(f'<table:table-cell office:value-type="currency" office:currency="EUR" office:value="{v}"{f}><text:p>{shown}</text:p></table:table-cell>')
        if remark:
            cs.append(f'<table:table-cell office:value-type="string"{st}><text:p>{escape(remark)}</text:p></table:table-cell>')
        else:
            cs.append("<table:table-cell/>")
        out.append(f'<table:table-row>{"".join(cs)}</table:table-row>')
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {O} office:version="1.3">'
               '<office:automatic-styles><style:style style:name="bold" style:family="table-cell">'
               '<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>'
               f'<office:body><office:spreadsheet><table:table table:name={quoteattr(sheet_name)}>'
               '<table:table-column table:number-columns-repeated="4"/>'
               f'{"".join(out)}</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    meta = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {O} office:version="1.3"><office:meta>'
            '<meta:generator>Equilibre samples</meta:generator></office:meta></office:document-meta>')
    write_zip(path, [("mimetype", "application/vnd.oasis.opendocument.spreadsheet", True),
                     ("META-INF/manifest.xml", manifest, False), ("content.xml", content, False), ("meta.xml", meta, False)])


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    xlsx(os.path.join(OUT, "seed-meuse-asp.xlsx"), "Plan de financement", SEED)
    ods(os.path.join(OUT, "seed-meuse-asp.ods"), "Plan de financement", SEED)
    xlsx(os.path.join(OUT, "eu-grant-typo.xlsx"), "Budget", EU, typo=(10, 1))
    print("wrote", ", ".join(sorted(os.listdir(OUT))))
