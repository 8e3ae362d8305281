"""QĐ 26/2026 set 08, criterion 2a: option codes follow the paper sheet again (issue 13 item 6).

The data had a 0-point box inserted as option 1, so the three paper boxes were coded 2, 3, 4. The
box is gone; stored answers move back: "1" (the inserted box, 0 points) → "0" (no option applies,
0 points), "2" → "1", "3" → "2", "4" → "3". No total changes.
"""

from django.db import migrations

REGIME, SET, CRITERION = "qd26-2026", "08", "2a"
FORWARD = {"1": "0", "2": "1", "3": "2", "4": "3"}
BACKWARD = {"1": "2", "2": "3", "3": "4"}


def remap(answers, mapping):
    """A copy of ANSWERS with criterion 2a's code mapped, or None when nothing changes."""
    if not isinstance(answers, dict) or str(answers.get(CRITERION)) not in mapping:
        return None
    return {**answers, CRITERION: mapping[str(answers[CRITERION])]}


def _move(apps, mapping):
    Dossier = apps.get_model("rating", "Dossier")
    ScoreSheet = apps.get_model("rating", "ScoreSheet")
    RatingResult = apps.get_model("rating", "RatingResult")
    for dossier in Dossier.objects.filter(regime=REGIME, criteria_set=SET).only("pk", "self_assessment"):
        if (new := remap(dossier.self_assessment, mapping)) is not None:
            Dossier.objects.filter(pk=dossier.pk).update(self_assessment=new)
    for sheet in ScoreSheet.objects.filter(dossier__regime=REGIME, dossier__criteria_set=SET).only("pk", "answers"):
        if (new := remap(sheet.answers, mapping)) is not None:
            ScoreSheet.objects.filter(pk=sheet.pk).update(answers=new)
    for result in RatingResult.objects.filter(regime=REGIME, criteria_set=SET).only("pk", "consolidated"):
        if (new := remap(result.consolidated, mapping)) is not None:
            RatingResult.objects.filter(pk=result.pk).update(consolidated=new)


def forwards(apps, schema_editor):
    _move(apps, FORWARD)


def backwards(apps, schema_editor):
    _move(apps, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("rating", "0002_ratingresult_potential5_idx")]
    operations = [migrations.RunPython(forwards, backwards)]
