from veckan.lib.slugs import unique_slug


def test_unique_slug_numbers_on_past_slugs_in_memory():
    # The demo plans activities before any is saved: it asks against the slugs planned so far.
    taken = {"oppna-data-2027", "oppna-data-2027-2"}
    assert unique_slug("Öppna data", taken, suffix="2027", fallback="aktivitet") == (
        "oppna-data-2027-3"
    )
    assert unique_slug("Öppna data", set(), suffix="2027", fallback="aktivitet") == (
        "oppna-data-2027"
    )
