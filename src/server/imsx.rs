//! `Imsx_StatusInfo` error bodies (OB 3.0 / CLR 2.0 API §"Imsx_StatusInfo").

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The `imsx_codeMinorFieldName` of this server's reports.
const SYSTEM: &str = "openbadges";

/// An API error: an HTTP status and an `Imsx_StatusInfo` body.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    status: StatusCode,
    minor: &'static str,
    description: String,
    www_authenticate: Option<String>,
}

impl ApiError {
    pub(crate) fn new(
        status: StatusCode,
        minor: &'static str,
        description: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            minor,
            description: description.into(),
            www_authenticate: None,
        }
    }

    pub(crate) fn invalid_data(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_data", description)
    }

    pub(crate) fn invalid_query(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_query_parameter",
            description,
        )
    }

    pub(crate) fn unauthorized(description: impl Into<String>, challenge: String) -> Self {
        let mut error = Self::new(StatusCode::UNAUTHORIZED, "unauthorizedrequest", description);
        error.www_authenticate = Some(challenge);
        error
    }

    pub(crate) fn forbidden(description: impl Into<String>, challenge: String) -> Self {
        let mut error = Self::new(StatusCode::FORBIDDEN, "forbidden", description);
        error.www_authenticate = Some(challenge);
        error
    }

    pub(crate) fn not_found(description: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", description)
    }

    pub(crate) fn internal(error: &dyn std::fmt::Display) -> Self {
        tracing::error!(%error, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_server_error",
            "the server could not complete the request",
        )
    }

    /// The body, as JSON.
    pub(crate) fn body(&self) -> serde_json::Value {
        serde_json::json!({
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": self.description,
            "imsx_codeMinor": {
                "imsx_codeMinorField": [{
                    "imsx_codeMinorFieldName": SYSTEM,
                    "imsx_codeMinorFieldValue": self.minor,
                }]
            }
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        tracing::debug!(status = %self.status, minor = self.minor, description = %self.description, "api error");
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if let Some(challenge) = &self.www_authenticate
            && let Ok(value) = HeaderValue::from_str(challenge)
        {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }
}

/// 405 with an `Imsx_StatusInfo` body.
pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "not_allowed",
        "this method is not allowed on this endpoint",
    )
}

/// 404 with an `Imsx_StatusInfo` body.
pub(crate) async fn not_found() -> ApiError {
    ApiError::not_found("no such endpoint")
}
