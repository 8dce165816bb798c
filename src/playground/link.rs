//! A program in a link: `/playground#code=…`, the source deflated (the browser's own
//! `CompressionStream`, so the page carries no compressor) and base64url-encoded, so a
//! teacher can share exactly what they typed. The fragment never reaches a server.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The most source a link may carry, after decompression: a link is for a program one
/// reads on a screen, and a bomb of repeated text must not fill the tab's memory.
pub const MAX_SOURCE_BYTES: usize = 64 * 1024;
/// The most encoded text a link may carry.
pub const MAX_ENCODED_CHARS: usize = 32 * 1024;

const ENCODE: &str = r#"
const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
let binary = "";
for (const byte of bytes) binary += String.fromCharCode(byte);
return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
"#;

const DECODE: &str = r#"
if (!/^[A-Za-z0-9_-]*$/.test(code)) throw new Error("it is not base64url text");
const binary = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
const chunks = [];
let total = 0;
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  total += value.length;
  if (total > limit) { await reader.cancel(); throw new Error("the program is longer than " + limit + " bytes"); }
  chunks.push(value);
}
return new TextDecoder("utf-8", { fatal: true }).decode(await new Blob(chunks).arrayBuffer());
"#;

fn async_function(args: &str, body: &str) -> Result<js_sys::Function, String> {
    // `new Function` makes plain functions; an async one comes from its constructor.
    let async_ctor = js_sys::eval("(async function () {}).constructor")
        .map_err(|_| "this browser cannot run the link's decoder".to_string())?;
    let ctor: js_sys::Function = async_ctor.into();
    let made = js_sys::Reflect::construct(
        &ctor,
        &js_sys::Array::of2(&JsValue::from_str(args), &JsValue::from_str(body)),
    )
    .map_err(|_| "this browser cannot run the link's decoder".to_string())?;
    Ok(made.into())
}

fn message_of(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "it could not be read".to_string())
}

/// The text a link carries for `source`.
pub async fn encode(source: &str) -> Result<String, String> {
    let encode = async_function("text", ENCODE)?;
    let promise: js_sys::Promise = encode
        .call1(&JsValue::NULL, &JsValue::from_str(source))
        .map_err(|e| message_of(&e))?
        .into();
    let value = JsFuture::from(promise).await.map_err(|e| message_of(&e))?;
    value
        .as_string()
        .ok_or_else(|| "the encoder returned no text".to_string())
}

/// The program a link's `code` carries, or why it cannot be used.
pub async fn decode(code: &str) -> Result<String, String> {
    if code.len() > MAX_ENCODED_CHARS {
        return Err(format!(
            "the link is longer than {MAX_ENCODED_CHARS} characters"
        ));
    }
    let decode = async_function("code, limit", DECODE)?;
    let promise: js_sys::Promise = decode
        .call2(
            &JsValue::NULL,
            &JsValue::from_str(code),
            &JsValue::from_f64(MAX_SOURCE_BYTES as f64),
        )
        .map_err(|e| message_of(&e))?
        .into();
    let value = JsFuture::from(promise).await.map_err(|e| message_of(&e))?;
    value
        .as_string()
        .ok_or_else(|| "it holds no text".to_string())
}

/// The `code` of a URL fragment such as `#code=…`.
pub fn code_in_fragment(fragment: &str) -> Option<&str> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("code="))
}

/// Puts `source` in the address bar of the page at `path` (`#code=…`, the query kept),
/// so the address is a link to it; `None` takes it out. Only while that page is still
/// the one on screen.
pub fn put_in_address_bar(path: String, source: Option<String>) {
    leptos::task::spawn_local(async move {
        let code = match source {
            Some(source) => match encode(&source).await {
                Ok(code) => Some(code),
                Err(_) => return,
            },
            None => None,
        };
        let Some(window) = web_sys::window() else {
            return;
        };
        let location = window.location();
        if location.pathname().ok().as_deref() != Some(path.as_str()) {
            return;
        }
        let query = location.search().unwrap_or_default();
        let url = match code {
            Some(code) => format!("{path}{query}#code={code}"),
            None => format!("{path}{query}"),
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_found_in_the_fragment() {
        assert_eq!(code_in_fragment("#code=abc"), Some("abc"));
        assert_eq!(code_in_fragment("#x=1&code=abc"), Some("abc"));
        assert_eq!(code_in_fragment("#other"), None);
        assert_eq!(code_in_fragment(""), None);
    }
}
