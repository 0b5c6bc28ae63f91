//! Learner login on the authorization page: the [`Login`] trait a platform implements
//! with its own accounts, and the built-in one over the store's argon2 accounts.

use std::future::Future;
use std::pin::Pin;

use axum::http::HeaderMap;

use super::store::StoreError;

/// A boxed future of a login check.
pub type LoginFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<String>, StoreError>> + Send + 'a>>;

/// Authenticates the learner on the authorization page.
///
/// The page posts `username` and `password`; a platform with its own sessions can instead
/// read the request `headers` (a session cookie) and ignore them. The answer is the learner
/// name every stored row is scoped by, or `None` to refuse.
pub trait Login: Send + Sync + 'static {
    /// The learner these credentials (or this session) belong to.
    fn authenticate<'a>(
        &'a self,
        headers: &'a HeaderMap,
        username: &'a str,
        password: &'a str,
    ) -> LoginFuture<'a>;
}

/// Escapes text for HTML element content and attribute values (the explain page's escaping).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::explain::escape_html(text, &mut out);
    out
}

/// What the consent page shows of the client.
pub(crate) struct ClientView<'a> {
    pub(crate) name: &'a str,
    pub(crate) uri: &'a str,
    pub(crate) logo_uri: &'a str,
    pub(crate) tos_uri: &'a str,
    pub(crate) policy_uri: &'a str,
}

/// The login and consent page: the client's name, links and logo, the scopes asked for,
/// and a form that posts the OAuth parameters back with `username`, `password` and
/// `consent` (`allow` or `deny`).
pub(crate) fn page(
    service: &str,
    client: &ClientView<'_>,
    scopes: &[&str],
    params: &[(&str, &str)],
    message: Option<&str>,
) -> String {
    let hidden: String = params
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
                escape(k),
                escape(v)
            )
        })
        .collect();
    let scope_items: String = scopes
        .iter()
        .map(|s| {
            format!(
                "<li>{} <small><code>{}</code></small></li>\n",
                escape(super::scope::describe(s)),
                escape(s)
            )
        })
        .collect();
    let message = message
        .map(|m| format!("<p role=\"alert\"><strong>{}</strong></p>\n", escape(m)))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{service} — sign in</title></head><body>\n\
         <h1>{service}</h1>\n\
         <p><img src=\"{logo}\" alt=\"\" width=\"64\" height=\"64\"> \
         <a href=\"{uri}\">{name}</a> asks to:</p>\n<ul>\n{scope_items}</ul>\n\
         <p><a href=\"{tos}\">Terms of service</a> · <a href=\"{policy}\">Privacy policy</a></p>\n\
         {message}<form method=\"post\" action=\"authorize\">\n{hidden}\
         <label>Username <input name=\"username\" autocomplete=\"username\" required></label>\n\
         <label>Password <input name=\"password\" type=\"password\" \
         autocomplete=\"current-password\" required></label>\n\
         <button name=\"consent\" value=\"allow\">Allow</button>\n\
         <button name=\"consent\" value=\"deny\" formnovalidate>Deny</button>\n\
         </form></body></html>\n",
        service = escape(service),
        logo = escape(client.logo_uri),
        uri = escape(client.uri),
        name = escape(client.name),
        tos = escape(client.tos_uri),
        policy = escape(client.policy_uri),
    )
}

/// A page that only says what went wrong (never a redirect: the redirect URI is unknown).
pub(crate) fn error_page(service: &str, message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{service} — error</title></head><body>\n<h1>{service}</h1>\n\
         <p role=\"alert\">{}</p></body></html>\n",
        escape(message),
        service = escape(service),
    )
}
