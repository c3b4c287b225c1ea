package dev.sluice.identity.web;

/**
 * Error body in the shape of OAuth 2.0 error responses (RFC 6749 section 5.2): a machine-readable
 * {@code error} code and a human-readable message.
 */
public record ApiError(String error, String message) {}
