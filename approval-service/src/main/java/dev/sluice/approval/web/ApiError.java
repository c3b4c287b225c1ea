package dev.sluice.approval.web;

/**
 * The JSON body of every error response.
 *
 * @param error   machine-readable code, e.g. {@code unauthorized}, {@code forbidden}, {@code not_a_reviewer},
 *                {@code self_approval}, {@code already_decided}, {@code not_found}, {@code bad_request}
 * @param message human-readable explanation; never echoes credentials
 */
public record ApiError(String error, String message) {}
