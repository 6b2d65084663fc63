"""A shared streamed body is made once per version and served from the cache after that."""

import pytest
from django.core.cache import cache

from veckan.lib import streams

pytestmark = pytest.mark.django_db

BODY = [b"BEGIN\n", "åäö\n" * 3, b"x" * 10, b"END\n"]
WHOLE = b"".join(c.encode() if isinstance(c, str) else c for c in BODY)


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch):
    cache.clear()
    monkeypatch.setattr(streams, "PIECE_BYTES", 8)
    yield
    cache.clear()


class Maker:
    """The body's chunks, counting how often it had to be made."""

    def __init__(self, chunks=BODY):
        self.chunks = chunks
        self.made = 0

    def __call__(self):
        self.made += 1
        yield from self.chunks


def test_the_first_download_makes_the_body_and_the_next_ones_read_it_back():
    make = Maker()
    assert b"".join(streams.kept("feed", "v1", make())) == WHOLE
    assert b"".join(streams.kept("feed", "v1", make())) == WHOLE
    assert b"".join(streams.kept("feed", "v1", make())) == WHOLE
    assert make.made == 1  # generators are lazy: only the first one was ever read


def test_a_new_version_is_made_again_and_the_old_pieces_go():
    make = Maker()
    b"".join(streams.kept("feed", "v1", make()))
    old_pieces = cache.get("feed:current")[1]
    assert cache.get("feed:v1:0") is not None
    changed = Maker([b"NEW BODY\n"])
    assert b"".join(streams.kept("feed", "v2", changed())) == b"NEW BODY\n"
    assert cache.get("feed:current") == ("v2", 1)
    assert all(cache.get(f"feed:v1:{n}") is None for n in range(old_pieces))


def test_a_piece_lost_from_the_cache_is_made_again_without_sending_anything_twice():
    make = Maker()
    b"".join(streams.kept("feed", "v1", make()))
    cache.delete("feed:v1:2")
    assert b"".join(streams.kept("feed", "v1", make())) == WHOLE
    assert make.made == 2


def test_a_download_broken_off_saves_nothing_half_made():
    make = Maker()
    stream = streams.kept("feed", "v1", make())
    next(stream)
    stream.close()
    assert cache.get("feed:current") is None
    assert b"".join(streams.kept("feed", "v1", make())) == WHOLE
