package dev.sluice.recording.web;

/**
 * The JSON body of every error response.
 *
 * @param error   machine-readable code: {@code unauthorized}, {@code forbidden}, {@code not_found},
 *                {@code bad_request}
 * @param message human-readable explanation; never echoes credentials
 */
public record ApiError(String error, String message) {}
