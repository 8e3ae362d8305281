"""The producer's self-assessment (form 02) beside the evidence it cites, criterion by criterion:
what the commune officer reads on the review page (form 03). Pure: criteria set, answers and
evidence rows in, rows out."""

from collections import defaultdict
from dataclasses import dataclass

from ocop.criteria.scoring import NO_OPTION
from ocop.criteria.sheets import Criterion, Option, leaf_criteria


@dataclass(frozen=True)
class AssessmentRow:
    criterion: Criterion
    option: Option | None  # the option the producer chose (None: not answered, or "none applies")
    answered: bool
    documents: tuple  # registry.Document rows cited for this criterion

    @property
    def points(self):
        return self.option.points if self.option is not None else 0


def assessment_rows(criteria_set, answers: dict, evidence) -> tuple[list[AssessmentRow], list]:
    """One row per criterion of the sheet, with its documents; and the documents cited for the whole
    dossier (or for a code the sheet does not have)."""
    cited = defaultdict(list)
    for item in evidence:
        cited[item.criterion_code].append(item.document)
    rows = []
    for criterion in leaf_criteria(criteria_set):
        choice = (answers or {}).get(criterion.code)
        option = next((o for o in criterion.options if o.code == choice), None)
        rows.append(AssessmentRow(criterion, option, choice is not None and (option is not None or choice == NO_OPTION),
                                  tuple(cited.pop(criterion.code, ()))))
    general = [document for documents in cited.values() for document in documents]
    return rows, general
