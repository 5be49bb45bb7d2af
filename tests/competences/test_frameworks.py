import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from competences.models import Competence, CompetenceArea, Framework, LadderStage, Level


def _counts():
    return (
        Framework.objects.count(),
        CompetenceArea.objects.count(),
        Competence.objects.count(),
        Level.objects.count(),
        LadderStage.objects.count(),
    )


@pytest.mark.django_db
def test_digcomp_is_loaded_with_danish_and_english_names():
    assert _counts() == (1, 5, 21, 8, 5)
    collaborating = Competence.objects.get(code="2.4")
    assert collaborating.name_da == "Samarbejde gennem digitale teknologier"
    assert collaborating.name_en == "Collaborating through digital technologies"
    assert collaborating.area.code == "2"


@pytest.mark.django_db
def test_the_name_follows_the_active_language():
    from django.utils import translation

    safety = CompetenceArea.objects.get(code="4")
    with translation.override("en"):
        assert safety.name == "Safety"
    with translation.override("da"):
        assert safety.name == "Sikkerhed"


@pytest.mark.django_db
def test_the_ladder_covers_every_level_once():
    stages = list(LadderStage.objects.order_by("min_level"))
    assert [s.code for s in stages] == [
        "not_assessed",
        "technology_user",
        "self_reliant_user",
        "technology_proficient",
        "digital_champion",
    ]
    covered = [lvl for s in stages for lvl in range(s.min_level, s.max_level + 1)]
    assert covered == list(range(0, 9))


@pytest.mark.django_db
def test_loading_again_changes_nothing(capsys):
    before = _counts()
    call_command("load_frameworks")
    call_command("load_frameworks")
    assert _counts() == before
    assert "21 competences" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_unreadable_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_frameworks", str(bad))
    assert _counts() == (1, 5, 21, 8, 5)


@pytest.mark.django_db
def test_it_loads_into_an_empty_database():
    Framework.objects.all().delete()
    LadderStage.objects.all().delete()
    assert _counts() == (0, 0, 0, 0, 0)
    call_command("load_frameworks")
    assert _counts() == (1, 5, 21, 8, 5)


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_has_the_framework_too():
    assert Competence.objects.count() == 21


@pytest.mark.django_db
def test_levels_keep_the_danish_descriptors_beside_the_english():
    from django.utils import translation

    level = Level.objects.get(framework__code="digcomp", level=3)
    assert level.complexity_da == "Veldefinerede rutineopgaver og ligetil problemer"
    with translation.override("da"):
        assert level.descriptors()["autonomy"] == "På egen hånd"
    with translation.override("en"):
        assert level.descriptors()["autonomy"] == level.autonomy
