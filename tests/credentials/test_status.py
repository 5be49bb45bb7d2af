"""The Bitstring Status List encoding: 16 KB, index 0 the left-most bit."""

import base64
import gzip

from credentials.status import bit_is_set, decode_bits, encode_bits


def test_the_list_is_16_kb_with_index_0_leftmost():
    encoded = encode_bits([0, 9, 131_071])
    assert encoded.startswith("u") and "=" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=="))
    assert len(raw) == 16 * 1024
    assert raw[0] == 0b1000_0000 and raw[1] == 0b0100_0000 and raw[-1] == 1
    bits = decode_bits(encoded)
    assert [i for i in (0, 1, 8, 9, 131_070, 131_071) if bit_is_set(bits, i)] == [
        0,
        9,
        131_071,
    ]


def test_the_same_bits_encode_the_same():
    assert encode_bits([5]) == encode_bits([5]) != encode_bits([6])
