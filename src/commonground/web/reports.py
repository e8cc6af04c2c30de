"""Review reports printed: the HTML of the page and, through the same templates, the PDF.

The page (`report.html`) and the PDF's document (`report_pdf.html`) both include
`_report.html`, so the two show the same figures with the same sources. WeasyPrint lays the
PDF out; it needs Pango and HarfBuzz from the system (see the README), and is imported only
when a PDF is asked for.
"""

from __future__ import annotations

from commonground.analysis.reports import Report
from commonground.web.templating import env


def report_document(report: Report) -> str:
    """The report as a standalone HTML document, for print."""
    return env.get_template("report_pdf.html").render(report=report)


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_document(report)).write_pdf()
    return pdf
