"""What does not count as evidence: look-alike wording and negated clauses.

Both are masks over words. A cue found under a mask does not count, and the explanation says
so ("only negated", "only look-alike wording"), so a reader can see why.

Look-alikes are other senses of the same words ("safeguard personal data", "security
guarding", "training on the finance system"); a requirement's own `exclude` cues add to
these. Negation masks the clause it stands in: "The Provider is not required to maintain a
whistleblowing policy" says nothing for a whistleblowing policy; an exception ("all
policies except the whistleblowing policy") masks from the exception to the clause's end.
Prohibitions ("staff must not ...") are not negations of a duty and are left alone.
"""

from __future__ import annotations

import re

from safecom.rules.documents.text import Analysed

_DATA_OBJECTS = (
    "data|information|records|assets|property|premises|funds|money|systems|equipment|"
    "investment|investments|revenue|infrastructure|confidentiality|privacy|reputation|"
    "site|buildings|stock|network|networks|devices|documents|files|budget|finances"
)
_DATA_ADJECTIVES = (
    "personal|confidential|sensitive|patient|commercial|company|business|financial|client|"
    "customer|corporate|digital|electronic|public|physical|council|contract|special|category"
)
LOOKALIKES: tuple[str, ...] = (
    f"safeguard|safeguards|safeguarded all|any|the|its|their|our|such|of? "
    f"{_DATA_ADJECTIVES}? {_DATA_ADJECTIVES}? {_DATA_OBJECTS}",
    f"safeguarding of? all|any|the|its|their|our|such? {_DATA_ADJECTIVES} "
    f"{_DATA_ADJECTIVES}? {_DATA_OBJECTS}",
    f"safeguarding of all|any|the|its|their|our|such? {_DATA_OBJECTS}",
    "data|information|cyber|IT|network|physical|technical|organisational|organizational|"
    "contractual|procedural|legal|appropriate|adequate|security|privacy|financial safeguards",
    "safeguard|safeguards|safeguarded|safeguarding against fraud|loss|losses|corruption|"
    "bribery|damage|theft|misuse|cyber*|unauthorised|unauthorized|error|errors|"
    "breach|breaches|overpayment*|risk|risks",
    "security guard*",
    "security guarding|officer|officers|patrol*",
    "manned|static|mobile|door|site|key|cash|event|retail guarding",
    "guarding services|staff|officers|duties|contract|contractor*|personnel|operatives",
    "door supervisor*",
    "SIA licen*",
    "finance|financial|payroll|accounting|invoicing|procurement|ERP|booking|billing|"
    "rostering|software|IT|computer|ledger system|systems|software? training|course|courses",
    "training|trained|course|courses on|in|for|with the? new? finance|financial|payroll|"
    "accounting|invoicing|procurement|ERP|booking|billing|rostering|software|IT|computer|"
    "ledger system|systems|software|package|platform",
)

# Each masks the whole clause it stands in.
NEGATIONS: tuple[str, ...] = (
    "not be? required",
    "no longer required",
    "not be? obliged",
    "not be? expected",
    "not be? necessary",
    "not be? needed",
    "not a requirement|condition|obligation",
    "need not",
    "needn't",
    "does|do|did|will|shall not need",
    "not have to",
    "no requirement|obligation|need",
    "does|do|will|shall not apply",
    "not applicable",
    "exempt|exempted from",
    "is|are|be exempt*",
    "waive|waived|waives",
    "disappl*",
    "does|do|did not have|hold|maintain|operate|include|provide|require|offer|keep|cover|"
    "deliver|undertake|employ|appoint|expect|ask|insist",
    "has|have no written|formal|separate|specific|such? policy|policies|procedure|procedures|"
    "arrangement|arrangements|plan|process|requirement|duty|obligation|whistleblowing|"
    "safeguarding|lead|DSL|training|code",
    "there is|are no written|formal|separate|specific|such? policy|policies|procedure|"
    "procedures|arrangement|arrangements|plan|process|requirement|duty|obligation|"
    "whistleblowing|safeguarding|lead|DSL|training|code",
    "not yet? in place",
    "will|shall not be provided|maintained|required|expected|delivered|undertaken",
    "will|shall not provide|maintain|deliver|undertake|operate|have|hold|offer",
    "won't",
    "cannot be expected",
    "is|are not included|covered|part",
    "excluded from",
    "outside|out of the? scope",
    "at its|their own? discretion",
    "at the provider's|provider|supplier's|contractor's discretion",
    "is|are optional",
    "if it wishes|chooses",
    "not mandatory|compulsory",
)

# Each masks from where it stands to the end of its clause.
EXCEPTIONS: tuple[str, ...] = (
    "except",
    "excepting",
    "other than",
    "apart from",
    "with the exception of",
    "save for",
    "excluding",
    "instead of",
    "rather than",
)

# A sentence about adults and not children (in itself or its heading) never counts for a
# requirement about children: "Safeguarding adults at risk" is not safeguarding children.
ADULT_TERMS: tuple[str, ...] = (
    "adult*",
    "care and support needs",
    "care act",
    "older people",
    "older person*",
    "elderly",
)
CHILD_TERMS: tuple[str, ...] = (
    "child*",
    "young people",
    "young person*",
    "minors",
    "under 18|eighteen",
    "pupils",
    "infants",
    "babies",
    "baby",
    "adolescent*",
    "teenager*",
)

_CLAUSE_BREAK = re.compile(
    r"[;:]|\s\|\s|,?\s+(?:but|however|although|though|whereas|whilst|while)\b|"
    r",\s+(?=[^,;]{0,80}?\b(?:shall|must|will|should)\b)",
    re.IGNORECASE,
)


def clause_span(doc: Analysed, offset: int) -> tuple[int, int]:
    """The character span of the clause holding an offset, within its sentence."""
    sentence = doc.sentences[doc.sentence_of(offset)]
    start, end = sentence.start, sentence.end
    for m in _CLAUSE_BREAK.finditer(doc.text, sentence.start, sentence.end):
        if m.end() <= offset:
            start = m.end()
        elif m.start() >= offset:
            end = m.start()
            break
    return start, end


def mask_span(mask: bytearray, start: int, end: int) -> None:
    """Mark the characters [start, end) of a mask."""
    if end > start:
        mask[start:end] = b"\x01" * (end - start)
