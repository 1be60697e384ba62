"""How the PETRARCH unit tests are scored: error records expect nothing, ids are per record, a
missing target is PETRARCH's null target "---"."""

from datetime import date

from dyadwire.evaluate.petrarch import Record, score


def test_null_target_is_written_with_dashes():
    rec = Record("A-1", "DEMO", date(1995, 1, 1), "x", (("ARN", "---", "023"),))
    result = score([rec], {"A-1": [("ARN", "", "023")]})
    assert result.total().matched == 1 and result.total().extra == 0


def test_an_event_on_a_record_that_expects_none_is_extra():
    rec = Record("E-1", "ERROR", date(1995, 1, 1), "x", ())
    result = score([rec], {"E-1": [("ARN", "GON", "064")]})
    assert result.total().expected == 0 and result.total().extra == 1
