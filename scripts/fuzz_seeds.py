#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into OUT (git-ignored; nothing copied is committed).

    scripts/fuzz_seeds.py OUT MAX_LEN [SOURCE_DIR ...]

For each workbook found in the source folders (default: samples/, ../shared/corpus,
../shared/plans), the XLSX and ODS targets get two seeds: the file as it is, and its XML parts in
the "parts" form the targets zip themselves (b"\\x01NAME\\x02BYTES" repeated; see
Fuzz/Sources/FuzzSupport). Seeds longer than MAX_LEN are left out. The number target gets the
numbers and dates of the .truth.json files, the formula target their formulas, each behind three
bytes of row/column offsets. A few hand-written hostile seeds are added to each.
"""
import hashlib
import json
import os
import sys
import zipfile

out, max_len = sys.argv[1], int(sys.argv[2])
sources = sys.argv[3:] or ["samples", "../shared/corpus", "../shared/plans"]
TEXT_PARTS = (".xml", ".rels", "mimetype", ".vml")


def save(target, data):
    if len(data) == 0 or len(data) > max_len:
        return
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def parts_form(entries):
    return b"".join(b"\x01" + name.encode() + b"\x02" + data for name, data in entries)


numbers, formulas = set(), set()
for src in sources:
    if not os.path.isdir(src):
        continue
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name)
        ext = name.rsplit(".", 1)[-1].lower()
        if ext in ("xlsx", "xlsm", "ods"):
            target = "ods" if ext == "ods" else "xlsx"
            with open(path, "rb") as f:
                save(target, f.read())
            try:
                with zipfile.ZipFile(path) as z:
                    entries = [(i.filename, z.read(i)) for i in z.infolist()
                               if i.filename.endswith(TEXT_PARTS) and i.file_size <= max_len]
                # The ODF mimetype entry first, as the format wants.
                entries.sort(key=lambda e: e[0] != "mimetype")
                save(target, parts_form(entries))
            except Exception:
                pass
        elif name.endswith(".truth.json"):
            try:
                with open(path, encoding="utf-8") as f:
                    truth = json.load(f)
            except Exception:
                continue
            for sheet in truth.get("sheets", []):
                for cell in sheet.get("cells", []) + sheet.get("openpyxl_cells", []):
                    if len(cell) >= 3 and cell[1] in ("number", "date", "datetime", "time", "duration"):
                        numbers.add(str(cell[2]))
                for formula in sheet.get("formulas", []):
                    if len(formula) >= 2 and isinstance(formula[1], str):
                        formulas.add(formula[1].lstrip("="))

numbers |= {"0", "-0", "1e308", "1.7976931348623157e308", "2e308", "4.9e-324", "1e-400", " 12.5 ",
            "123456789012345", "1234567890123456", "0.1234567890123456789012", "-.5", "5.", "+5", "1e",
            "nan", "inf", "0x1p3", "1,5", "2024-02-29", "2024-02-30T25:61:61.5Z", "99999999999999999999-01-01",
            "-9223372036854775808-12-31T23:59:59.999", "12:30", "12:30:99999999999", "1900-02-29",
            "0000-01-01", "T", "-", "::", "9223372036854775807:9223372036854775807"}
for n in numbers:
    save("numbers", n.encode())
formulas |= {"SUM(A1:B2)", "$A$1+A1", "A:A", "1:1", "XFD1048576", "'Sheet ''1'''!A1", "[1]Sheet1!A1",
             "LOG10(A1)", "\"A1\"&A1", "A1:$B$2", "(((((((A1)))))))", "Table1[[#This Row],[A]]",
             "of:=SUM([.A1:.B2])", "of:=[$'Sheet 1'.A1]+1", "of:=IF([.A1]>0;1;\"x\")", "{1,2;3,4}",
             "-(-(-A1))%", "A1 B1", "SUM(A1,)", "#REF!+1", "1E+308*10", "\"" + "a" * 300 + "\""}
for i, f in enumerate(sorted(formulas)):
    odf = 4 if f.startswith(("of:", "oooc:", "msoxl:")) else 0  # byte 2, bit 2: the ODF dialect
    save("formula", bytes([(i * 7) & 0xFF, (i * 13) & 0xFF, (i & 3) | odf]) + f.encode())

# Hostile hand-written packages in the parts form.
CT = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
      b'spreadsheetml.sheet.main+xml"/></Types>')
RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
      b'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
      b'</sheets></workbook>')
WBRELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
          b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
STYLES = (b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="3">'
          b'<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="46"/></cellXfs></styleSheet>')
for sheet in [
    b'<c r="A1" s="1"><v>1e300</v></c><c r="B1" s="2"><v>-1e300</v></c><c r="C1" s="1"><v>2958466</v></c>',
    b'<c r="XFD1048576"><v>1</v></c><c r="XFE1"><v>1</v></c><c r="A0"><v>1</v></c>',
    b'<c r="A1" t="s"><v>99999999999999999999</v></c><c r="A2" t="s"><v>-1</v></c>',
    b'<c r="A1"><f t="shared" ref="A1:A3" si="0">B1+$C$1</f><v>1</v></c><c r="A2"><f t="shared" si="0"/></c>',
    b'<c r="A1" t="d"><v>99999999999-01-01T00:00:00</v></c><c r="A2" t="b"><v>2</v></c>',
]:
    ws = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension '
          b'ref="A1:XFD1048576"/><sheetData><row r="1">' + sheet + b'</row></sheetData></worksheet>')
    save("xlsx", parts_form([("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", WB),
                             ("xl/_rels/workbook.xml.rels", WBRELS), ("xl/styles.xml", STYLES),
                             ("xl/worksheets/sheet1.xml", ws)]))
    save("xlsx", parts_form([("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", WB),
                             ("xl/_rels/workbook.xml.rels", WBRELS),
                             ("xl/worksheets/sheet1.xml", b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">'
                              b'<!ENTITY e SYSTEM "file:///etc/passwd">]>' + ws.replace(b"<v>1</v>", b"<v>&b;&e;</v>"))]))

ODS_MANIFEST = (b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
                b'opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
                b'manifest:media-type="text/xml"/></manifest:manifest>')
ODS_HEAD = (b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:'
            b'opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="T">')
for rows in [
    b'<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated='
    b'"16384" office:value-type="float" office:value="1"/></table:table-row>',
    b'<table:table-row table:number-rows-repeated="-5"><table:table-cell table:number-columns-repeated='
    b'"99999999999999999999"/></table:table-row>',
    b'<table:table-row><table:table-cell office:value-type="date" office:date-value="99999999999-01-01"/>'
    b'<table:table-cell office:value-type="time" office:time-value="PT99999999999H"/>'
    b'<table:table-cell table:formula="of:=[.A1]+1" office:value-type="float" office:value="1e308"/>'
    b'<table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/></text:p>'
    b'</table:table-cell></table:table-row>',
]:
    content = ODS_HEAD + rows + b'</table:table></office:spreadsheet></office:body></office:document-content>'
    save("ods", parts_form([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                            ("META-INF/manifest.xml", ODS_MANIFEST), ("content.xml", content)]))

for t in ("xlsx", "ods", "numbers", "formula"):
    d = os.path.join(out, t)
    print(f"{t}: {len(os.listdir(d)) if os.path.isdir(d) else 0} seeds")
