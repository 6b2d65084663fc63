"""A large streamed body that is the same for everyone until it changes (the whole program as .ics,
.csv or JSON), kept in Django's cache so it is made once per change and not once per download.

The first request streams the body as it is made and saves it, a piece at a time, under a key that
names its version; later requests stream the pieces back. Every server shares the cache (Redis, or
the database), so the work is done once for all of them. Making the body must be deterministic for
a key: if a piece has gone from the cache half way through, the rest is made again and the part
already sent is skipped.
"""

from collections.abc import Iterable, Iterator

from django.core.cache import cache

PIECE_BYTES = 1 << 20
# Long enough to serve a busy day; each version's pieces go when the next version is saved.
TIMEOUT_SECONDS = 24 * 60 * 60


def _bytes(chunks: Iterable[bytes | str]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode() if isinstance(chunk, str) else chunk


def _save(key: str, version: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    pieces, piece, size = 0, [], 0
    for chunk in chunks:
        yield chunk
        piece.append(chunk)
        size += len(chunk)
        if size >= PIECE_BYTES:
            cache.set(f"{key}:{version}:{pieces}", b"".join(piece), TIMEOUT_SECONDS)
            pieces, piece, size = pieces + 1, [], 0
    if piece:
        cache.set(f"{key}:{version}:{pieces}", b"".join(piece), TIMEOUT_SECONDS)
        pieces += 1
    # Only a whole body is announced, and only then is the previous version's let go.
    previous = cache.get(f"{key}:current")
    cache.set(f"{key}:current", (version, pieces), TIMEOUT_SECONDS)
    if previous and previous[0] != version:
        cache.delete_many([f"{key}:{previous[0]}:{n}" for n in range(previous[1])])


def kept(key: str, version: str, chunks: Iterable[bytes | str]) -> Iterator[bytes]:
    """`chunks` as bytes, from the cache if this version of `key` is there, else made and saved."""
    current = cache.get(f"{key}:current")
    if current is None or current[0] != version:
        yield from _save(key, version, _bytes(chunks))
        return
    sent = 0
    for number in range(current[1]):
        piece = cache.get(f"{key}:{version}:{number}")
        if piece is None:
            break
        yield piece
        sent += len(piece)
    else:
        return
    # A piece has gone from the cache: make the body again and send what is still missing.
    for chunk in _bytes(chunks):
        if sent >= len(chunk):
            sent -= len(chunk)
            continue
        yield chunk[sent:]
        sent = 0
