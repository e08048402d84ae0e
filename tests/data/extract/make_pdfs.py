#!/usr/bin/env python3
"""Writes the PDF fixtures of the extraction tests (standard library only; qpdf for the
encrypted one). Run from this folder: python3 make_pdfs.py

  multipage.pdf  3 pages of text: a heading, paragraphs wrapped over several lines, a word
                 hyphenated at a line end ("extra-" / "dition"), an upper-case hyphenated
                 compound that must keep its hyphen ("Anti-" / "Corruption").
  notext.pdf     one page with only drawn rectangles: no text layer.
  encrypted.pdf  multipage.pdf encrypted with a user password (needs qpdf).
"""
import subprocess

def pdf(pages, info):
    """pages: list of content-stream strings. Returns the bytes of a valid PDF."""
    objs = []  # object bodies, numbered from 1
    def add(body):
        objs.append(body)
        return len(objs)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objs) + 1 + 2 * len(pages)  # filled below
    page_ids = []
    for content in pages:
        data = content.encode("latin-1")
        c = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        p = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, font, c))
        page_ids.append(p)
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_id = add(b"<< " + b" ".join(b"/%s (%s)" % (k.encode(), v.encode("latin-1")) for k, v in info.items()) + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, info_id, xref)
    return bytes(out)

def text_page(lines, size=11, top=740, leading=14):
    """Lines of text: a line of None leaves a blank line (a paragraph gap)."""
    ops = ["BT", "/F1 %d Tf" % size, "%d TL" % leading, "72 %d Td" % top]
    for line in lines:
        if line is None:
            ops.append("T*")
            continue
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append("(%s) Tj T*" % esc)
    ops.append("ET")
    return "\n".join(ops)

page1 = text_page([
    "No Safe Haven",
    None,
    "This report examines how states use INTERPOL notices to pursue critics",
    "abroad, and how courts in Europe have answered requests for extra-",
    "dition of refugees recognised elsewhere in the European Union and",
    "beyond.",
    None,
    "Our researchers reviewed 112 cases between 2015 and 2023.",
])
page2 = text_page([
    "Findings",
    None,
    "In 64 cases the requesting state already knew that the person was a",
    "recognised refugee. The Anti-",
    "Corruption Committee of the requesting state was named in nine of them.",
])
page3 = text_page([
    "Recommendations",
    None,
    "INTERPOL should publish the reasons for every deletion decision.",
])
info = {"Title": "No Safe Haven", "Author": "Rights Watch", "Subject": "Red Notice abuse",
        "CreationDate": "D:20240612093000Z"}
multipage = pdf([page1, page2, page3], info)
open("multipage.pdf", "wb").write(multipage)
open("notext.pdf", "wb").write(pdf(["0 0 1 rg 72 600 200 100 re f 1 0 0 rg 300 500 100 50 re f"], {"Title": "Scan"}))
subprocess.run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", "multipage.pdf", "encrypted.pdf"],
               check=True)
