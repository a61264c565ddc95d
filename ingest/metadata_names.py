"""What a piece of metadata text looks like: an organisation, a person, or junk.

Real files carry junk in their metadata: the application that made them ("Microsoft Word -
draft3.doc", "PScript5.dll Version 5.2.2"), a file name ("10811.exe", "header-test-doc"), a
user id ("7225547", "AMiszcz") or a placeholder ("untitled", "anonymous"). These checks decide
which values are worth citing.
"""

from __future__ import annotations

import re

# Words that make a name an organisation's: "Greater London Authority", "HM Revenue and
# Customs", "Cancer Council Australia", "The King's Fund".
_ORG_WORDS = re.compile(
    r"\b(?:Authority|Authorities|Council|Councils|Department|Dept|Ministry|Office|Agency"
    r"|Executive|Government|Assembly|Parliament|Commission|Commissioner|Committee|Board"
    r"|Trust|Foundation|Fund|Institute|Institution|University|College|School|Centre|Center"
    r"|Society|Association|Federation|Union|Service|Services|NHS|Partnership|Network"
    r"|Alliance|Group|Unit|Directorate|Inspectorate|Ombudsman|Revenue|Customs|Treasury"
    r"|Corporation|Corp|Ltd|Limited|plc|Inc|Company|Organisation|Organization|Observatory"
    r"|Bank|Mayor|Borough|County|City|Police|Forum|Charity|Coalition|Consortium|Academy"
    r"|Laboratory|Laboratories|Programme|Panel|Secretariat|Administration|Bureau|Cabinet"
    r"|Economics|Press|Publishing|Publications|Publishers|Redbooks|Statistics|England"
    r"|Scotland|Wales|Ireland|Kingdom|Nations|UK)\b",
    re.IGNORECASE,
)
# "FAA", "GLA", "IBM", "UNICEF": an acronym on its own is an organisation.
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
_HONORIFIC = re.compile(
    r"^(?:the\s+)?(?:rt\.?\s+hon\.?|right\s+hon(?:ourable)?|sir|dame|lord|baroness|professor"
    r"|prof\.?|dr\.?|cllr\.?|councillor|mr\.?|mrs\.?|ms\.?|miss)\s",
    re.IGNORECASE,
)
# Producers and drivers seen in /Title, /Author, dc:creator and RTF \\info, with what follows them
# ("Microsoft Word - draft3.doc", "PScript5.dll Version 5.2.2", "Adobe InDesign CC 13.0").
_APPLICATION = re.compile(
    r"^(?:microsoft\s*(?:word|powerpoint|excel|publisher|office)|powerpoint\s+presentation"
    r"|slide\s*\d|python-docx|reportlab|pscript|acrobat|adobe\s+(?:acrobat|indesign|pdf)"
    r"|distiller|quarkxpress|openoffice|libreoffice|pdftex|quartz|pdfium|itext|google\s+docs"
    r"|wkhtmltopdf|ghostscript|microsoft\s+print|cutepdf|primopdf|nitro\s*pdf|foxit)",
    re.IGNORECASE,
)
# Placeholders and generic names: junk only when they are the whole value ("Report 2", not
# "Report of the Independent Review").
_PLACEHOLDER = re.compile(
    r"^(?:untitled|no\s+title|title|document|doc|book|presentation|template|draft|report"
    r"|anonymous|unknown|unspecified|administrator|admin|user|owner|author|default|mycompany"
    r"|my\s+company|company|home|private|personal|windows\s+user|valued\s+customer|writer"
    r"|pages|tex|latex|word|hp|dell|lenovo|toshiba|acer|asus|sony|ibm\s+user)"
    r"[\s_-]*\d*$",
    re.IGNORECASE,
)
_FILE_SUFFIX = re.compile(
    r"\.(?:docx?|rtf|pdf|indd|qxd|qxp|pptx?|xlsx?|exe|dll|tmp|txt|odt|pages|ai|eps|html?)\b",
    re.IGNORECASE,
)
_ID_LIKE = re.compile(r"^[\W\d_]+$|^[A-Za-z]{0,5}[-_]?\d{3,}[\w.-]*$")
# One token joined by hyphens, underscores or CamelCase: a file or style name, not a title.
_FILE_NAME_LIKE = re.compile(r"^[\w.-]+$")
_WORD = re.compile(r"[^\W\d_]+")


def squash(text: str) -> str:
    """Lower-case letters and digits only: for comparing names and file stems."""
    return re.sub(r"[\W_]+", "", text).lower()


def is_junk(text: str, stem: str = "") -> bool:
    """True for application names, file names, ids, placeholders and user names.

    Used on titles and names taken from file metadata, never on text printed on a page.
    """
    text = text.strip()
    if len(_WORD.findall(text)) == 0 or len(text) < 3:
        return True
    if _APPLICATION.match(text) or _PLACEHOLDER.match(text):
        return True
    if _FILE_SUFFIX.search(text) or _ID_LIKE.match(text):
        return True
    if stem and squash(text) == squash(stem):
        return True
    # "header-test-doc", "Unstructured-test-doc", "SingleTable", "jsmith": no spaces at all.
    return " " not in text and (_FILE_NAME_LIKE.match(text) is not None)


def is_organisation(text: str) -> bool:
    """'Greater London Authority', 'NHS London', 'FAA': a corporate author, not a person."""
    text = text.strip()
    if not text or len(text) > 120 or _HONORIFIC.match(text):
        return False
    if _ACRONYM.match(text):
        return True
    return _ORG_WORDS.search(text) is not None and text[:1].isupper()


def is_person(text: str) -> bool:
    """'Gattermann, Katjana', 'The Rt Hon Rishi Sunak', 'Jim Bainbridge': a person's name."""
    text = text.strip()
    if _HONORIFIC.match(text):
        return True
    if is_organisation(text):
        return False
    words = text.replace(",", " ").split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def corporate(text: str, stem: str = "") -> bool:
    """A metadata author worth citing: an organisation's name, not junk or a user."""
    text = text.strip()
    return is_organisation(text) and (_ACRONYM.match(text) is not None or not is_junk(text, stem))
