"""The plain-English check of a built project's documents and site pages.

Reading grade and ease (from textstat), long sentences, acronyms not spelled
out on first use or written in lower case, "a" and "an" slips and counts that
disagree with their nouns.
"""

from fls_docs.check.findings import DocumentReport, Finding, Scores
from fls_docs.check.project import Report, check_blocks, check_project, check_text

__all__ = ["DocumentReport", "Finding", "Report", "Scores", "check_blocks", "check_project", "check_text"]
