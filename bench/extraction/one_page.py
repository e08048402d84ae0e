#!/usr/bin/python3
"""readability-lxml on one page, as a command: one_page.py FILE prints the main text."""
import sys, lxml.html
from readability import Document

html = open(sys.argv[1], 'rb').read()
summary = Document(html).summary(html_partial=True)
print(lxml.html.fromstring(summary).text_content() if summary.strip() else '')
