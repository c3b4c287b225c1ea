package dev.sluice.policy.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;

/**
 * Error bodies of the policy API: {@code {"error": "...", "message": "..."}}. Messages never echo the
 * request body (it may hold SQL with secrets), only what was wrong with it.
 */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
final class ApiErrors {

    /** The error body. */
    record ErrorResponse(String error, String message) {}

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorResponse> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(malformed(e));
    }

    /** The body for a request whose JSON could not be read as a DecisionRequest. */
    static ErrorResponse malformed(Throwable e) {
        return new ErrorResponse("malformed_request", "request body is not a valid DecisionRequest: " + describe(e));
    }

    @ExceptionHandler({IllegalArgumentException.class, MethodArgumentTypeMismatchException.class,
            MissingServletRequestParameterException.class})
    ResponseEntity<ErrorResponse> badParameter(Exception e) {
        return bad("bad_request", e instanceof MethodArgumentTypeMismatchException m
                ? "invalid value for parameter '" + m.getName() + "'" : e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorResponse> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(new ErrorResponse("unsupported_media_type", "send application/json"));
    }

    private static ResponseEntity<ErrorResponse> bad(String error, String message) {
        return ResponseEntity.badRequest().body(new ErrorResponse(error, message));
    }

    /** The innermost Jackson problem without location or source excerpt, or a generic description. */
    private static String describe(Throwable e) {
        String message = "unreadable JSON";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException jackson) {
                message = jackson.getOriginalMessage();
            } else if (t instanceof NullPointerException npe && npe.getMessage() != null) {
                message = "missing required field '" + npe.getMessage() + "'";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return message;
    }
}
