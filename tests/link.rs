//! Programs in links (`/playground#code=…`), in the browser whose compression streams
//! the encoding uses: a round trip keeps every character, and malformed, oversized and
//! decompression-bomb links are refused with a reason rather than half-read.

use interleave::playground::link::{decode, encode, MAX_ENCODED_CHARS};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_program_survives_the_round_trip_through_a_link() {
    let program = "import asyncio\n\nasync def main():\n    print('héllo ✓ 😀', \"quotes\", '#&=?')\n\nasyncio.run(main())\n";
    let code = encode(program).await.expect("encodes");
    assert!(
        code.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{code}"
    );
    assert_eq!(decode(&code).await.expect("decodes"), program);
    let long = "print('x')\n".repeat(500);
    let code = encode(&long).await.expect("encodes");
    assert!(
        code.len() < long.len() / 10,
        "deflate shrinks repetition: {}",
        code.len()
    );
    assert_eq!(decode(&code).await.expect("decodes"), long);
}

#[wasm_bindgen_test]
async fn malformed_oversized_and_bomb_links_are_refused() {
    assert!(decode("not*base64!")
        .await
        .unwrap_err()
        .contains("base64url"));
    assert!(decode("AAAA").await.is_err(), "not a deflate stream");
    let huge = "A".repeat(MAX_ENCODED_CHARS + 1);
    assert!(decode(&huge).await.unwrap_err().contains("longer than"));
    // A megabyte of one letter deflates to a short link; decoding stops at the cap.
    let bomb = encode(&"a".repeat(1 << 20)).await.expect("encodes");
    assert!(bomb.len() < MAX_ENCODED_CHARS);
    assert!(decode(&bomb).await.unwrap_err().contains("longer than"));
    // Bytes that are not UTF-8 are refused too.
    let latin1 = {
        // "\xff" deflated (stored block): 01 01 00 fe ff ff
        "AQEA_v__"
    };
    assert!(decode(latin1).await.is_err());
}
