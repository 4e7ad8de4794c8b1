from grader.checks.mappings import check_dict


def test_equal_dicts_pass_in_any_key_order():
    assert check_dict({"b": 2, "a": 1}, {"a": 1, "b": 2}).ok


def test_missing_and_unexpected_keys_are_named():
    result = check_dict({"hat.": 1, "the": 2}, {"hat": 1, "the": 2})
    assert not result.ok and "missing key(s) ['hat']" in result.message and "['hat.']" in result.message


def test_a_wrong_value_names_its_key():
    result = check_dict({"pears": 2}, {"pears": 3})
    assert not result.ok and "key 'pears'" in result.message and "got 2, expected 3" in result.message


def test_not_a_dict():
    assert "expected a dict" in check_dict([("a", 1)], {"a": 1}).message
